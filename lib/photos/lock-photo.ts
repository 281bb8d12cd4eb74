import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Meal, type MealPhoto, mealPhotos } from "@/db/schema";
import { lockMeal } from "@/lib/meals/lock-meal";

/**
 * Locks a photo and its meal, meal first (`lockMeal`, the one lock order). Null when either row
 * is gone.
 */
export async function lockPhotoWithMeal(
  tx: Db,
  photoId: string,
): Promise<{ meal: Meal; photo: MealPhoto } | null> {
  const [ref] = await tx
    .select({ mealId: mealPhotos.mealId })
    .from(mealPhotos)
    .where(eq(mealPhotos.id, photoId));
  if (!ref) return null;
  const meal = await lockMeal(tx, ref.mealId);
  if (!meal) return null;
  const [photo] = await tx.select().from(mealPhotos).where(eq(mealPhotos.id, photoId)).for("update");
  return photo ? { meal, photo } : null;
}
