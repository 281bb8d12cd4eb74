import { randomUUID } from "node:crypto";
import { getDb } from "@/db/client";
import { foodItems, type MealStatus, mealPhotos, meals, type PhotoStatus } from "@/db/schema";

/**
 * Direct row fixtures for read-side tests (the diary filter, statement counts). Tests of state
 * transitions drive the real API and jobs instead.
 */
export async function seedMeal(userId: string, options: { date: string; status?: MealStatus }) {
  const db = await getDb();
  const [meal] = await db
    .insert(meals)
    .values({
      userId,
      date: options.date,
      mealType: "lunch",
      status: options.status ?? "COMPLETE",
      clientRequestId: randomUUID(),
    })
    .returning();
  if (!meal) throw new Error("no meal");
  return meal;
}

export async function seedPhoto(userId: string, mealId: string, status: PhotoStatus) {
  const db = await getDb();
  const [photo] = await db
    .insert(mealPhotos)
    .values({
      mealId,
      userId,
      status,
      clientUploadId: randomUUID(),
      storageKey: `photos/${userId}/${randomUUID()}.jpg`,
      mime: "image/jpeg",
      bytes: 1000,
      width: 10,
      height: 10,
      sha256: "0".repeat(64),
    })
    .returning();
  if (!photo) throw new Error("no photo");
  return photo;
}

export async function seedItem(mealId: string, photoId: string | null, name = "Rice", kcal = 130) {
  const db = await getDb();
  const [item] = await db
    .insert(foodItems)
    .values({
      mealId,
      photoId,
      name,
      grams: 100,
      kcal,
      protein: 2.7,
      fat: 0.3,
      carbs: 28,
      source: photoId ? "ai" : "manual",
    })
    .returning();
  if (!item) throw new Error("no item");
  return item;
}
