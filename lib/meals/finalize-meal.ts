import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { type MealStatus, meals } from "@/db/schema";
import { logger } from "@/lib/logger";
import { EXPECTED_MEAL_STATUS, IN_FLIGHT_MEAL_STATUS } from "./meal-status-rule";

/**
 * Applies the meal rule of DESIGN §3 (meal-status-rule.ts) in one statement, inside the caller's
 * transaction (the one that moved a photo or item), recording `meal_finalized` in that statement
 * when the meal reaches COMPLETE or FAILED. Returns the new status, or null when the
 * meal is gone.
 */
export async function finalizeMeal(tx: Db, mealId: string): Promise<MealStatus | null> {
  // The meal row is always locked, but rewritten only when its status changes: a cancel of a
  // finished meal, or an item edit, costs no write.
  const rows = await tx.execute(sql`
    with next as (
      select ${EXPECTED_MEAL_STATUS} as status, m.status as previous, m.user_id
      from meals m where m.id = ${mealId}
      for update of m
    ), changed as (
      update meals set
        status = next.status,
        finalized_at = case when next.status = ${IN_FLIGHT_MEAL_STATUS} then null else now() end,
        updated_at = now()
      from next
      where meals.id = ${mealId} and meals.status <> next.status
      returning meals.id
    ), recorded as (
      insert into operation_events (kind, user_id, meal_id, detail)
      select 'meal_finalized', next.user_id, ${mealId}, jsonb_build_object('status', next.status)
      from next where next.status <> ${IN_FLIGHT_MEAL_STATUS} and next.status <> next.previous
    )
    select next.status, next.previous, next.user_id from next
  `);
  const row = rowsOf<{ status: MealStatus; previous: MealStatus; user_id: string }>(rows)[0];
  if (!row) return null;
  if (row.status !== IN_FLIGHT_MEAL_STATUS && row.status !== row.previous) {
    logger.info({ mealId, status: row.status }, `[MealService] Finalized meal_id=${mealId} as ${row.status}`);
  }
  return row.status;
}

/**
 * finalizeMeal's outcome for a statement that puts a photo in flight itself (the rule's first
 * case), as a part of that statement (a CTE; `when` says whether it did): a sibling CTE cannot
 * read the photo the statement inserts, and a later statement would be one more round trip under
 * the meal's lock. Rewrites the meal only when it was not PROCESSING yet; records nothing (only
 * COMPLETE and FAILED are `meal_finalized`).
 */
export function mealInFlightSql(mealId: string, when: SQL): SQL {
  return sql`update ${meals} set status = ${IN_FLIGHT_MEAL_STATUS}, finalized_at = null, updated_at = now()
    where ${meals.id} = ${mealId} and ${meals.status} <> ${IN_FLIGHT_MEAL_STATUS} and ${when}`;
}
