import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Meal, type MealPhoto, mealPhotos, meals } from "@/db/schema";

/**
 * Locks a photo and its meal, meal first: every writer (upload, save, fail, retry, cancel,
 * sweeper, delete) takes the meal's row lock before touching its photos, so they serialise per
 * meal, never deadlock, and hold across app instances. Null when either row is gone.
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
  const [meal] = await tx.select().from(meals).where(eq(meals.id, ref.mealId)).for("update");
  if (!meal) return null;
  const [photo] = await tx.select().from(mealPhotos).where(eq(mealPhotos.id, photoId)).for("update");
  return photo ? { meal, photo } : null;
}
