import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { EXPECTED_MEAL_STATUS } from "@/lib/meals/meal-status-rule";

export interface InvariantBreaks {
  /** Invariant 1: CANCELLED or FAILED photos that have items. */
  terminalPhotosWithItems: string[];
  /** Invariant 5: meals whose status disagrees with their photos and items (empty new meals excepted). */
  mealsWithWrongStatus: string[];
  /** Invariant 3: (user, clientCancelId) pairs with more than one audit row. */
  duplicateCancelEvents: string[];
  /** Invariant 6: photos in flight longer than the timeout. */
  stuckPhotos: string[];
}

/** Examples (at most `limit` ids) of every break of the checkable invariants of DESIGN §4. */
export async function checkInvariants(options: {
  stuckAfterSeconds: number;
  limit?: number;
}): Promise<InvariantBreaks> {
  const db = await getDb();
  const limit = options.limit ?? 20;
  const ids = async (query: ReturnType<typeof sql>) =>
    rowsOf<{ id: string }>(await db.execute(query)).map((row) => row.id);
  const [terminalPhotosWithItems, mealsWithWrongStatus, duplicateCancelEvents, stuckPhotos] =
    await Promise.all([
      ids(sql`select distinct p.id from meal_photos p join food_items i on i.photo_id = p.id
            where p.status in ('CANCELLED', 'FAILED') limit ${limit}`),
      ids(sql`select m.id from meals m
            where m.status <> ${EXPECTED_MEAL_STATUS}
              and (exists (select 1 from meal_photos p where p.meal_id = m.id)
                   or exists (select 1 from food_items i where i.meal_id = m.id))
            limit ${limit}`),
      ids(sql`select user_id || ':' || client_cancel_id as id from cancel_events
            group by user_id, client_cancel_id having count(*) > 1 limit ${limit}`),
      ids(sql`select id from meal_photos where status in ('PENDING', 'PROCESSING')
            and updated_at < now() - make_interval(secs => ${options.stuckAfterSeconds}) limit ${limit}`),
    ]);
  return { terminalPhotosWithItems, mealsWithWrongStatus, duplicateCancelEvents, stuckPhotos };
}
