import "server-only";
import { and, eq } from "drizzle-orm";
import { foods } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { notFound } from "@/lib/http/errors";

/**
 * `DELETE /api/foods/:id`: the owner's food goes in one statement; anyone else's, or a table
 * food, is 404. Items logged with it keep the numbers they copied and lose the reference, recipes
 * that used it keep its name and grams (both foreign keys ON DELETE SET NULL); its portions go.
 */
export async function deleteUserFood(userId: string, foodId: string): Promise<void> {
  const deleted = await transaction((tx) =>
    tx
      .delete(foods)
      .where(and(eq(foods.id, foodId), eq(foods.ownerId, userId)))
      .returning({ id: foods.id }),
  );
  if (deleted.length === 0) throw notFound("Food");
}
