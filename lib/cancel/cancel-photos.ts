import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { IN_FLIGHT_SQL_LIST } from "@/db/photo-statuses";
import { rowsOf } from "@/db/rows";
import type { MealStatus, PhotoStatus } from "@/db/schema";
import { finalizeMeal } from "@/lib/meals/finalize-meal";

export interface CancelledPhoto {
  photoId: string;
  mealId: string;
  attempt: number;
}

export interface PhotosCancellation {
  /** The caller's meals that were found and locked (in id order). */
  lockedMealIds: string[];
  /** Every photo the request names (all photos of the meals, or only the listed ids), before the cancel. */
  named: { id: string; status: PhotoStatus }[];
  cancelled: CancelledPhoto[];
  mealStatuses: Map<string, MealStatus | null>;
}

/**
 * Inside the caller's transaction, in one statement: locks the caller's meals (in id order, so
 * concurrent cancels never deadlock), then their photos — a photo row is locked only once the
 * meal it joins has been — moving the in-flight ones (PENDING/PROCESSING) to CANCELLED; then
 * finalises every locked meal. Another user's meals and photos are never matched.
 */
export async function cancelPhotos(
  tx: Db,
  userId: string,
  target: { mealIds: string[]; photoIds?: string[] },
): Promise<PhotosCancellation> {
  const empty: PhotosCancellation = { lockedMealIds: [], named: [], cancelled: [], mealStatuses: new Map() };
  if (target.mealIds.length === 0) return empty;

  const list = (ids: string[]) =>
    sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
  const onlyNamed = target.photoIds ? sql`and p.id in (${list(target.photoIds)})` : sql``;
  // The meals' CTE is materialized, so the photos' join only ever sees meal rows already locked.
  // Every locked meal comes back, with its named photos (status before the cancel) or none.
  const rows = rowsOf<{
    locked_meal_id: string;
    id: string | null;
    status: PhotoStatus | null;
    attempt: number | null;
    cancelled: boolean;
  }>(
    await tx.execute(sql`
      with locked as materialized (
        select m.id from meals m
        where m.id in (${list(target.mealIds)}) and m.user_id = ${userId}
        order by m.id
        for update
      ), named as (
        select p.id, p.status, p.meal_id, p.attempt from meal_photos p
        where p.meal_id in (select id from locked) and p.user_id = ${userId} ${onlyNamed}
        order by p.id
        for update of p
      ), cancelled as (
        update meal_photos set status = 'CANCELLED', error_code = 'cancelled',
          error_message = 'Cancelled by the user', finished_at = now(), updated_at = now()
        where id in (select id from named where status in (${sql.raw(IN_FLIGHT_SQL_LIST)}))
        returning id
      )
      select locked.id as locked_meal_id, named.id, named.status, named.attempt,
        (cancelled.id is not null) as cancelled
      from locked
      left join named on named.meal_id = locked.id
      left join cancelled on cancelled.id = named.id
      order by locked.id, named.id`),
  );
  const lockedMealIds = [...new Set(rows.map((row) => row.locked_meal_id))];
  if (lockedMealIds.length === 0) return empty;
  const named = rows.flatMap((row) => (row.id && row.status ? [{ id: row.id, status: row.status }] : []));
  const cancelled = rows.flatMap((row) =>
    row.cancelled && row.id
      ? [{ photoId: row.id, mealId: row.locked_meal_id, attempt: row.attempt ?? 0 }]
      : [],
  );

  const mealStatuses = new Map<string, MealStatus | null>();
  for (const mealId of lockedMealIds) mealStatuses.set(mealId, await finalizeMeal(tx, mealId));
  return { lockedMealIds, named, cancelled, mealStatuses };
}
