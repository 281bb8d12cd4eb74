import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { IN_FLIGHT_SQL_LIST } from "@/db/photo-statuses";
import { rowsOf } from "@/db/rows";
import type { Meal, MealStatus, PhotoStatus } from "@/db/schema";
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

/** A caller's own CTEs run in the photos' statement, reading `named` and `cancelled`, and the columns they add to its answer. */
export interface AlongsidePhotos {
  ctes: SQL;
  columns: SQL;
}

type LockedMeal = Pick<Meal, "id" | "status">;

const sqlList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

/**
 * The photos a cancel names, locked in id order (after their meals, which `mealIds` selects: the
 * caller's locked meals): every photo of those meals, or only the listed ids. A row locked after a
 * wait is its newest version.
 */
export function namedPhotosSql(mealIds: SQL, userId: string, photoIds: string[] | undefined): SQL {
  const onlyNamed = photoIds ? sql`and p.id in (${sqlList(photoIds)})` : sql``;
  return sql`select p.id, p.status, p.meal_id, p.attempt from meal_photos p
    where p.meal_id in (${mealIds}) and p.user_id = ${userId} ${onlyNamed}
    order by p.id
    for update`;
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
  const locked = await lockMeals(tx, target.mealIds, { userId });
  const { cancellation } = await cancelPhotosOfLockedMeals(tx, userId, locked, target.photoIds);
  return cancellation;
}

/**
 * cancelPhotos for meals the caller has already locked, in a statement of its own after the lock
 * (its snapshot must see the photos committed by the writers the lock waited for). `alongside`
 * runs in that statement; its columns come back in `alongside`.
 */
export async function cancelPhotosOfLockedMeals<Extra extends object = object>(
  tx: Db,
  userId: string,
  locked: LockedMeal[],
  photoIds: string[] | undefined,
  alongside?: AlongsidePhotos,
): Promise<{ cancellation: PhotosCancellation; alongside: Extra | null }> {
  const lockedMealIds = locked.map((meal) => meal.id);
  if (lockedMealIds.length === 0) {
    const empty = { lockedMealIds, named: [], cancelled: [], mealStatuses: new Map() };
    return { cancellation: empty, alongside: null };
  }

  // One statement: lock the named photos, move the in-flight ones, and report every named photo
  // with its status before the cancel (one row with null photo columns when none is named).
  const rows = rowsOf<
    {
      id: string | null;
      status: PhotoStatus;
      meal_id: string;
      attempt: number;
      cancelled: boolean;
    } & Extra
  >(
    await tx.execute(sql`
      with named as (${namedPhotosSql(sqlList(lockedMealIds), userId, photoIds)}), cancelled as (
        update meal_photos set status = 'CANCELLED', error_code = 'cancelled',
          error_message = 'Cancelled by the user', finished_at = now(), updated_at = now()
        where id in (select id from named where status in (${sql.raw(IN_FLIGHT_SQL_LIST)}))
        returning id
      )${alongside ? sql`, ${alongside.ctes}` : sql``}
      select named.id, named.status, named.meal_id, named.attempt, (cancelled.id is not null) as cancelled
        ${alongside ? sql`, ${alongside.columns}` : sql``}
      from (select 1) as one
        left join (named left join cancelled on cancelled.id = named.id) on true
      order by named.id`),
  );
  const photoRows = rows.filter((row) => row.id !== null);
  const named = photoRows.map((row) => ({ id: row.id as string, status: row.status }));
  const cancelled = photoRows
    .filter((row) => row.cancelled)
    .map((row) => ({ photoId: row.id as string, mealId: row.meal_id, attempt: row.attempt }));

  // A COMPLETE meal none of whose photos moved is what its last writer finalised under this lock
  // (every writer of a COMPLETE meal finalises it): no need to finalise it again. Any other meal
  // is, e.g. a new meal without photos, which a cancel finalises FAILED.
  const changedMealIds = new Set(cancelled.map((photo) => photo.mealId));
  const mealStatuses = new Map<string, MealStatus | null>();
  for (const meal of locked) {
    mealStatuses.set(
      meal.id,
      isSettled(meal, changedMealIds) ? meal.status : await finalizeMeal(tx, meal.id),
    );
  }
  return {
    cancellation: { lockedMealIds, named, cancelled, mealStatuses },
    alongside: rows[0] ?? null,
  };
}

function isSettled(meal: LockedMeal, changedMealIds: Set<string>): boolean {
  return meal.status === "COMPLETE" && !changedMealIds.has(meal.id);
}
