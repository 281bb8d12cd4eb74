import "server-only";
import { and, asc, eq, inArray, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { type PgSelectQueryBuilder, QueryBuilder } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { type Meal, meals } from "@/db/schema";

/**
 * The one lock order: every writer of a meal's photos or items (upload, save, failure, retry,
 * cancel, sweeper, item edits, deletion) locks the meal row first, through here, so writers of
 * one meal serialise across every app instance and never deadlock. Several meals are locked in
 * id order. With `userId`, another user's meals are never matched (nor locked). `mealIds` may be a
 * subquery (the meal of a photo), so no statement of its own is needed to find the ids first.
 * `when` (an uncorrelated condition) is evaluated before any meal is locked.
 */
function inLockOrder<Q extends PgSelectQueryBuilder>(
  query: Q,
  mealIds: string[] | SQLWrapper,
  owner: { userId?: string },
  when?: SQL,
): Q {
  return query
    .where(
      and(
        inArray(meals.id, mealIds),
        owner.userId === undefined ? undefined : eq(meals.userId, owner.userId),
        when,
      ),
    )
    .orderBy(asc(meals.id))
    .for("update", { of: meals });
}

export async function lockMeals(
  tx: Db,
  mealIds: string[] | SQLWrapper,
  owner: { userId?: string } = {},
): Promise<Meal[]> {
  if (Array.isArray(mealIds) && mealIds.length === 0) return [];
  return inLockOrder(tx.select().from(meals).$dynamic(), mealIds, owner);
}

/**
 * The same lock, for a caller that takes it inside a larger statement (a CTE): the user's meals
 * among `mealIds` (a subquery), with `id`, `status` and `version` (the row version's `xmin`: the
 * row locked after a wait is its newest version, whose xmin differs from the one the statement's
 * snapshot saw when a writer changed it meanwhile). A statement that waited for the lock reads
 * every other row with its snapshot from before the wait: the meals' photos are read by a later
 * statement, or locked too with `version` compared to the snapshot's (the one-statement cancel).
 */
export function lockMealsSql(mealIds: SQL, userId: string, when: SQL): SQL {
  const query = new QueryBuilder()
    .select({ id: meals.id, status: meals.status, version: sql`${meals}.xmin`.as("version") })
    .from(meals)
    .$dynamic();
  return inLockOrder(query, sql`(${mealIds})`, { userId }, when).getSQL();
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
