import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { EXPECTED_MEAL_STATUS } from "@/lib/meals/meal-status-rule";
import { isStuckPhoto } from "@/lib/photos/stuck-photos";

export interface InvariantBreaks {
  /** Invariant 1: CANCELLED or FAILED photos that have items. */
  terminalPhotosWithItems: string[];
  /** Invariant 5: meals whose status disagrees with their photos and items (empty new meals excepted). */
  mealsWithWrongStatus: string[];
  /** Invariant 3: (user, clientCancelId) pairs with more than one audit row. */
  duplicateCancelEvents: string[];
  /** Invariant 6: photos in flight longer than the timeout. */
  stuckPhotos: string[];
  /** How many breaks of each kind there are in all (the lists above stop at `limit`). */
  counts: Record<InvariantName, number>;
}

export type InvariantName = Exclude<keyof InvariantBreaks, "counts">;

/** Examples (at most `limit` ids) and counts of every break of the checkable invariants of DESIGN §4. */
export async function checkInvariants(options: {
  stuckAfterSeconds: number;
  limit?: number;
}): Promise<InvariantBreaks> {
  const db = await getDb();
  const limit = options.limit ?? 20;
  // count(*) over () is computed before the limit: the total rides along with the examples.
  const breaks = async (query: SQL) => {
    const rows = rowsOf<{ id: string; total: number }>(
      await db.execute(sql`select id, count(*) over ()::int as total from (${query}) found limit ${limit}`),
    );
    return { ids: rows.map((row) => row.id), count: rows[0]?.total ?? 0 };
  };
  const [terminal, wrongStatus, duplicates, stuck] = await Promise.all([
    breaks(sql`select p.id from meal_photos p where p.status in ('CANCELLED', 'FAILED')
            and exists (select 1 from food_items i where i.photo_id = p.id)`),
    breaks(sql`select m.id from meals m
            where m.status <> ${EXPECTED_MEAL_STATUS}
              and (exists (select 1 from meal_photos p where p.meal_id = m.id)
                   or exists (select 1 from food_items i where i.meal_id = m.id))`),
    // A valid unique index makes a duplicate impossible: the full scan runs only without one.
    breaks(sql`select user_id || ':' || client_cancel_id as id from cancel_events
            where not exists (select 1 from pg_index i
              where i.indexrelid = to_regclass('cancel_events_user_client_cancel_uq') and i.indisunique and i.indisvalid)
            group by user_id, client_cancel_id having count(*) > 1`),
    breaks(sql`select id from meal_photos where ${isStuckPhoto(options.stuckAfterSeconds)}`),
  ]);
  return {
    terminalPhotosWithItems: terminal.ids,
    mealsWithWrongStatus: wrongStatus.ids,
    duplicateCancelEvents: duplicates.ids,
    stuckPhotos: stuck.ids,
    counts: {
      terminalPhotosWithItems: terminal.count,
      mealsWithWrongStatus: wrongStatus.count,
      duplicateCancelEvents: duplicates.count,
      stuckPhotos: stuck.count,
    },
  };
}
