import "server-only";
import { and, eq } from "drizzle-orm";
import { foodPortions } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { notFound } from "@/lib/http/errors";

/**
 * `DELETE /api/foods/:id/portions/:label`: removes the caller's own portion of that label (one
 * statement); a label they have not given that food is 404. Items logged with it keep their grams.
 */
export async function deleteUserPortion(userId: string, foodId: string, label: string): Promise<void> {
  const deleted = await transaction((tx) =>
    tx
      .delete(foodPortions)
      .where(
        and(eq(foodPortions.foodId, foodId), eq(foodPortions.userId, userId), eq(foodPortions.label, label)),
      )
      .returning({ id: foodPortions.id }),
  );
  if (deleted.length === 0) throw notFound("Portion");
}
