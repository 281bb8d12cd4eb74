import "server-only";
import { sql } from "drizzle-orm";
import { IN_FLIGHT_SQL_LIST } from "@/db/photo-statuses";
import type { MealStatus } from "@/db/schema";

/** A meal with any photo in flight is PROCESSING, whatever its other photos and items. */
export const IN_FLIGHT_MEAL_STATUS = "PROCESSING" satisfies MealStatus;

/**
 * The meal rule of DESIGN §3 as SQL over a meal row aliased `m`: any photo in flight →
 * PROCESSING; else a SUCCESS photo or a manual item → COMPLETE; else FAILED. Finalisation
 * applies it; the integrity check compares every meal against it.
 */
export const EXPECTED_MEAL_STATUS = sql.raw(`(case
  when exists (select 1 from meal_photos p where p.meal_id = m.id and p.status in (${IN_FLIGHT_SQL_LIST}))
    then '${IN_FLIGHT_MEAL_STATUS}'
  when exists (select 1 from meal_photos p where p.meal_id = m.id and p.status = 'SUCCESS')
    or exists (select 1 from food_items i where i.meal_id = m.id and i.source = 'manual')
    then 'COMPLETE'
  else 'FAILED' end)::meal_status`);
