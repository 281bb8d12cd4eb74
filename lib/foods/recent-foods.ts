import "server-only";
import { and, desc, eq, getTableColumns, isNotNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Food, foodItems, foods, meals } from "@/db/schema";
import { visibleTo } from "./visible-foods";

export interface RecentFood extends Food {
  /** How many of the user's items came from this food. */
  uses: number;
  /** The portion of the latest of them, to add it again in one tap. */
  lastGrams: number;
}

/**
 * The foods of the user's items, the most recently eaten first, then the most often eaten.
 * Example items (made up by the demo recognizer) are not something the user ate: left out.
 */
export async function recentFoods(db: Db, userId: string, limit: number): Promise<RecentFood[]> {
  const uses: SQL<number> = sql`count(*)`.mapWith(Number);
  const lastGrams: SQL<number> =
    sql`(array_agg(${foodItems.grams} order by ${foodItems.createdAt} desc))[1]`.mapWith(Number);
  return db
    .select({ ...getTableColumns(foods), uses, lastGrams })
    .from(foodItems)
    .innerJoin(meals, eq(meals.id, foodItems.mealId))
    .innerJoin(foods, eq(foods.id, foodItems.foodId))
    .where(
      and(
        eq(meals.userId, userId),
        isNotNull(foodItems.foodId),
        eq(foodItems.example, false),
        visibleTo(userId),
      ),
    )
    .groupBy(foods.id)
    .orderBy(desc(sql`max(${foodItems.createdAt})`), desc(uses))
    .limit(limit);
}
