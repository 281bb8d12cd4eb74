import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type MealStatus, mealPhotos, meals, type PhotoStatus } from "@/db/schema";
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
 * Inside the caller's transaction: locks the caller's meals (in id order, so concurrent cancels
 * never deadlock), then their photos; moves the in-flight ones (PENDING/PROCESSING) to CANCELLED
 * in one conditional statement, and finalises every locked meal. Another user's meals and
 * photos are never matched.
 */
export async function cancelPhotos(
  tx: Db,
  userId: string,
  target: { mealIds: string[]; photoIds?: string[] },
): Promise<PhotosCancellation> {
  const empty: PhotosCancellation = { lockedMealIds: [], named: [], cancelled: [], mealStatuses: new Map() };
  if (target.mealIds.length === 0) return empty;

  const locked = await tx
    .select({ id: meals.id })
    .from(meals)
    .where(and(inArray(meals.id, target.mealIds), eq(meals.userId, userId)))
    .orderBy(asc(meals.id))
    .for("update");
  const lockedMealIds = locked.map((meal) => meal.id);
  if (lockedMealIds.length === 0) return empty;

  const inTarget = and(
    inArray(mealPhotos.mealId, lockedMealIds),
    eq(mealPhotos.userId, userId),
    target.photoIds ? inArray(mealPhotos.id, target.photoIds) : undefined,
  );
  const named = await tx
    .select({ id: mealPhotos.id, status: mealPhotos.status })
    .from(mealPhotos)
    .where(inTarget)
    .orderBy(asc(mealPhotos.id))
    .for("update");

  const cancelled = await tx
    .update(mealPhotos)
    .set({
      status: "CANCELLED",
      errorCode: "cancelled",
      errorMessage: "Cancelled by the user",
      finishedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(inTarget, inArray(mealPhotos.status, ["PENDING", "PROCESSING"])))
    .returning({ photoId: mealPhotos.id, mealId: mealPhotos.mealId, attempt: mealPhotos.attempt });

  const mealStatuses = new Map<string, MealStatus | null>();
  for (const mealId of lockedMealIds) mealStatuses.set(mealId, await finalizeMeal(tx, mealId));
  return { lockedMealIds, named, cancelled, mealStatuses };
}
