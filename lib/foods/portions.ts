import "server-only";
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { foodItems, foodPortions, meals } from "@/db/schema";
import { invalidFields } from "@/lib/http/errors";

export interface PresentedPortion {
  label: string;
  grams: number;
  /** The caller's own ("katori"), not the food's. */
  own: boolean;
}

/** The caller's portions and the food's own: never another user's. */
const portionOf = (userId: string) => or(isNull(foodPortions.userId), eq(foodPortions.userId, userId));

/**
 * The grams of one of a food's portions, by label: the caller's own when they gave that label
 * one, else the food's. An unknown label is the caller's mistake (400 on `portion.label`).
 */
export async function findPortionGrams(
  db: Db,
  userId: string,
  foodId: string,
  label: string,
): Promise<number> {
  const [portion] = await db
    .select({ grams: foodPortions.grams })
    .from(foodPortions)
    .where(and(eq(foodPortions.foodId, foodId), eq(foodPortions.label, label), portionOf(userId)))
    .orderBy(sql`${foodPortions.userId} nulls last`)
    .limit(1);
  if (!portion) throw invalidFields([{ path: "portion.label", message: "no such portion of this food" }]);
  return portion.grams;
}

/** Each food's portions as the caller sees them: the food's own, then the caller's, lightest first. */
export async function portionsOf(
  db: Db,
  userId: string,
  foodIds: string[],
): Promise<Map<string, PresentedPortion[]>> {
  const byFood = new Map<string, PresentedPortion[]>();
  if (foodIds.length === 0) return byFood;
  const rows = await db
    .select({
      foodId: foodPortions.foodId,
      label: foodPortions.label,
      grams: foodPortions.grams,
      userId: foodPortions.userId,
    })
    .from(foodPortions)
    .where(and(inArray(foodPortions.foodId, foodIds), portionOf(userId)))
    .orderBy(sql`${foodPortions.userId} nulls first`, asc(foodPortions.grams), asc(foodPortions.label));
  for (const row of rows) {
    const portions = byFood.get(row.foodId) ?? [];
    portions.push({ label: row.label, grams: row.grams, own: row.userId !== null });
    byFood.set(row.foodId, portions);
  }
  return byFood;
}

/**
 * The portion of the caller's latest item of each food that was given in one ("2 × roti"): the
 * item editor's default for that food.
 */
export async function lastPortionsOf(
  db: Db,
  userId: string,
  foodIds: string[],
): Promise<Map<string, { label: string; count: number }>> {
  const byFood = new Map<string, { label: string; count: number }>();
  if (foodIds.length === 0) return byFood;
  const rows = await db
    .selectDistinctOn([foodItems.foodId], {
      foodId: foodItems.foodId,
      label: foodItems.portionLabel,
      count: foodItems.portionCount,
    })
    .from(foodItems)
    .innerJoin(meals, eq(meals.id, foodItems.mealId))
    .where(
      and(
        inArray(foodItems.foodId, foodIds),
        eq(meals.userId, userId),
        isNotNull(foodItems.portionLabel),
        isNotNull(foodItems.portionCount),
      ),
    )
    .orderBy(foodItems.foodId, desc(sql`coalesce(${foodItems.editedAt}, ${foodItems.createdAt})`));
  for (const row of rows) {
    if (row.foodId && row.label && row.count !== null)
      byFood.set(row.foodId, { label: row.label, count: row.count });
  }
  return byFood;
}
