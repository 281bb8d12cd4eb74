import "server-only";
import { and, eq, lt, notExists, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { foodItems, mealPhotos, meals } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { logger } from "@/lib/logger";
import { lockMeal } from "./lock-meal";

const isEmpty = and(
  notExists(sql`(select 1 from ${mealPhotos} where ${mealPhotos.mealId} = ${meals.id})`),
  notExists(sql`(select 1 from ${foodItems} where ${foodItems.mealId} = ${meals.id})`),
);

/**
 * A meal with no photo and no item for an hour was abandoned (the browser never deletes meals,
 * DESIGN §4.8): the backend removes it. Each candidate is re-checked under its row lock, so an
 * upload that is committing into it meanwhile wins.
 */
export async function cleanUpEmptyMeals(maxAgeSeconds = 3600): Promise<number> {
  const db = await getDb();
  const olderThan = sql`now() - make_interval(secs => ${maxAgeSeconds})`;
  const candidates = await db
    .select({ id: meals.id })
    .from(meals)
    .where(and(lt(meals.updatedAt, olderThan), isEmpty))
    .limit(500);
  let deleted = 0;
  for (const { id } of candidates) {
    deleted += await transaction(async (tx) => {
      if (!(await lockMeal(tx, id))) return 0;
      const removed = await tx
        .delete(meals)
        .where(and(eq(meals.id, id), isEmpty))
        .returning({ id: meals.id });
      return removed.length;
    });
  }
  if (deleted > 0) logger.info({ deleted }, "[Sweeper] Removed empty meals");
  return deleted;
}
