import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { IN_FLIGHT_SQL_LIST } from "@/db/photo-statuses";
import { rowsOf } from "@/db/rows";
import type { MealStatus, PhotoStatus } from "@/db/schema";
import { finalizeMeal } from "@/lib/meals/finalize-meal";
import { lockMeals } from "@/lib/meals/lock-meal";

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
 * Inside the caller's transaction: locks the caller's meals (in id order, so concurrent cancels
 * never deadlock), then their photos, moving the in-flight ones (PENDING/PROCESSING) to CANCELLED
 * in the same statement; finalises every locked meal but a COMPLETE one that lost no photo. Another user's meals and
 * photos are never matched.
 */
export async function cancelPhotos(
  tx: Db,
  userId: string,
  target: { mealIds: string[]; photoIds?: string[] },
): Promise<PhotosCancellation> {
  const empty: PhotosCancellation = { lockedMealIds: [], named: [], cancelled: [], mealStatuses: new Map() };
  if (target.mealIds.length === 0) return empty;

  // Its own statement: the photos' statement below must take its snapshot after the meal lock is
  // granted, or it would miss a photo committed by the writer it waited for.
  const locked = await lockMeals(tx, target.mealIds, { userId });
  const lockedMealIds = locked.map((meal) => meal.id);
  if (lockedMealIds.length === 0) return empty;

  const list = (ids: string[]) =>
    sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
  const onlyNamed = target.photoIds ? sql`and p.id in (${list(target.photoIds)})` : sql``;
  // One statement: lock the named photos, move the in-flight ones, and report every named photo
  // with its status before the cancel.
  const rows = rowsOf<{
    id: string;
    status: PhotoStatus;
    meal_id: string;
    attempt: number;
    cancelled: boolean;
  }>(
    await tx.execute(sql`
      with named as (
        select p.id, p.status, p.meal_id, p.attempt from meal_photos p
        where p.meal_id in (${list(lockedMealIds)}) and p.user_id = ${userId} ${onlyNamed}
        order by p.id
        for update
      ), cancelled as (
        update meal_photos set status = 'CANCELLED', error_code = 'cancelled',
          error_message = 'Cancelled by the user', finished_at = now(), updated_at = now()
        where id in (select id from named where status in (${sql.raw(IN_FLIGHT_SQL_LIST)}))
        returning id
      )
      select named.id, named.status, named.meal_id, named.attempt, (cancelled.id is not null) as cancelled
      from named left join cancelled on cancelled.id = named.id
      order by named.id`),
  );
  const named = rows.map((row) => ({ id: row.id, status: row.status }));
  const cancelled = rows
    .filter((row) => row.cancelled)
    .map((row) => ({ photoId: row.id, mealId: row.meal_id, attempt: row.attempt }));

  // A COMPLETE meal none of whose photos moved is what its last writer finalised under this lock
  // (every writer of a COMPLETE meal finalises it): no need to finalise it again. Any other meal
  // is, e.g. a new meal without photos, which a cancel finalises FAILED.
  const changedMealIds = new Set(cancelled.map((photo) => photo.mealId));
  const mealStatuses = new Map<string, MealStatus | null>();
  for (const meal of locked) {
    const settled = meal.status === "COMPLETE" && !changedMealIds.has(meal.id);
    mealStatuses.set(meal.id, settled ? meal.status : await finalizeMeal(tx, meal.id));
  }
  return { lockedMealIds, named, cancelled, mealStatuses };
}
