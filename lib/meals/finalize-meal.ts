import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import type { MealStatus } from "@/db/schema";
import { logger } from "@/lib/logger";

/**
 * Applies the meal rule of DESIGN §3 in one statement, inside the caller's transaction (the one
 * that moved a photo or item): any photo in flight → PROCESSING; else a SUCCESS photo or a manual
 * item → COMPLETE; else FAILED. Returns the new status, or null when the meal is gone.
 */
export async function finalizeMeal(tx: Db, mealId: string): Promise<MealStatus | null> {
  const rows = await tx.execute(sql`
    with next as (
      select case
        when exists (select 1 from meal_photos p where p.meal_id = m.id and p.status in ('PENDING', 'PROCESSING'))
          then 'PROCESSING'
        when exists (select 1 from meal_photos p where p.meal_id = m.id and p.status = 'SUCCESS')
          or exists (select 1 from food_items i where i.meal_id = m.id and i.source = 'manual')
          then 'COMPLETE'
        else 'FAILED'
      end::meal_status as status, m.status as previous
      from meals m where m.id = ${mealId}
      for update of m
    )
    update meals set
      status = next.status,
      finalized_at = case when next.status = 'PROCESSING' then null
                          when meals.status = next.status then meals.finalized_at
                          else now() end,
      updated_at = now()
    from next
    where meals.id = ${mealId}
    returning meals.status, next.previous
  `);
  const row = rowsOf<{ status: MealStatus; previous: MealStatus }>(rows)[0];
  if (!row) return null;
  if (row.status !== "PROCESSING" && row.status !== row.previous) {
    logger.info({ mealId, status: row.status }, `[MealService] Finalized meal_id=${mealId} as ${row.status}`);
  }
  return row.status;
}
