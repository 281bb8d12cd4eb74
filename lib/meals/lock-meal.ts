import "server-only";
import { and, asc, eq, inArray, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Meal, meals } from "@/db/schema";

/**
 * The one lock order: every writer of a meal's photos or items (upload, save, failure, retry,
 * cancel, sweeper, item edits, deletion) locks the meal row first, through here, so writers of
 * one meal serialise across every app instance and never deadlock. Several meals are locked in
 * id order. With `userId`, another user's meals are never matched (nor locked). `mealIds` may be a
 * subquery (the meal of a photo), so no statement of its own is needed to find the ids first.
 */
export async function lockMeals(
  tx: Db,
  mealIds: string[] | SQLWrapper,
  owner: { userId?: string } = {},
): Promise<Meal[]> {
  if (Array.isArray(mealIds) && mealIds.length === 0) return [];
  return tx
    .select()
    .from(meals)
    .where(
      and(
        inArray(meals.id, mealIds),
        owner.userId === undefined ? undefined : eq(meals.userId, owner.userId),
      ),
    )
    .orderBy(asc(meals.id))
    .for("update", { of: meals });
}

/**
 * The same lock as lockMeals, for a caller that takes it inside a larger statement (a CTE): the
 * user's meals among `mealIds` (a subquery), in id order, `id` and `status`, only when `when`
 * holds (an uncorrelated condition, evaluated before any meal is locked). The statements that
 * read the meals' photos must come after it, so that their snapshot sees what the writers it
 * waited for committed.
 */
export function lockMealsSql(mealIds: SQL, userId: string, when: SQL): SQL {
  return sql`select m.id, m.status from meals m
    where m.id in (${mealIds}) and m.user_id = ${userId} and ${when}
    order by m.id
    for update`;
}

/** Locks one meal row for the rest of the transaction; null when it is gone (or not the owner's). */
export async function lockMeal(
  tx: Db,
  mealId: string,
  owner: { userId?: string } = {},
): Promise<Meal | null> {
  const [meal] = await lockMeals(tx, [mealId], owner);
  return meal ?? null;
}
