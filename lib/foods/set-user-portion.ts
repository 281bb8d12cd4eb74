import "server-only";
import { and, eq } from "drizzle-orm";
import { foodPortions, foods } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { notFound } from "@/lib/http/errors";
import { type FoodDetail, foodDetail } from "./get-food";
import type { PortionInput } from "./inputs";
import { visibleTo } from "./visible-foods";

/**
 * `PUT /api/foods/:id/portions`: the caller's own household portion of a food they can see
 * ("katori" = 150 g); the same label again replaces its grams. The food is locked against
 * deletion (KEY SHARE) while the portion is written; 404 for a food they cannot see.
 */
export async function setUserPortion(
  userId: string,
  foodId: string,
  { label, grams }: PortionInput,
): Promise<FoodDetail> {
  return transaction(async (tx) => {
    const [food] = await tx
      .select()
      .from(foods)
      .where(and(eq(foods.id, foodId), visibleTo(userId)))
      .for("key share");
    if (!food) throw notFound("Food");
    await tx
      .insert(foodPortions)
      .values({ foodId, userId, label, grams })
      .onConflictDoUpdate({
        target: [foodPortions.foodId, foodPortions.userId, foodPortions.label],
        set: { grams },
      });
    return foodDetail(tx, userId, food);
  });
}
