import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Meal, type MealPhoto, mealPhotos } from "@/db/schema";
import { lockMeals } from "@/lib/meals/lock-meal";

/**
 * Locks a photo and its meal, meal first (`lockMeals`, the one lock order): the meal found from
 * the photo inside the locking statement, then the photo. Null when either row
 * is gone.
 */
export async function lockPhotoWithMeal(
  tx: Db,
  photoId: string,
): Promise<{ meal: Meal; photo: MealPhoto } | null> {
  const [meal] = await lockMeals(
    tx,
    tx.select({ mealId: mealPhotos.mealId }).from(mealPhotos).where(eq(mealPhotos.id, photoId)),
  );
  if (!meal) return null;
  // A statement of its own, after the meal's lock: its snapshot sees what the writers it waited for committed.
  const [photo] = await tx.select().from(mealPhotos).where(eq(mealPhotos.id, photoId)).for("update");
  return photo ? { meal, photo } : null;
}
