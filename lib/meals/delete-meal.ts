import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { mealPhotos, meals } from "@/db/schema";
import { logger } from "@/lib/logger";
import { getStorage } from "@/lib/storage";
import { findOwnedMeal } from "./owned-meal";

/**
 * The user deletes a meal from the diary (server side). Photos and items go with it; cancel
 * events keep their rows with meal_id set to null. Stored bytes are removed after the commit.
 */
export async function deleteMeal(userId: string, mealId: string): Promise<void> {
  const db = await getDb();
  const storageKeys = await db.transaction(async (tx) => {
    await findOwnedMeal(tx, userId, mealId, { lock: true });
    const photos = await tx
      .select({ storageKey: mealPhotos.storageKey })
      .from(mealPhotos)
      .where(eq(mealPhotos.mealId, mealId));
    await tx.delete(meals).where(eq(meals.id, mealId));
    return photos.map((photo) => photo.storageKey);
  });
  const storage = getStorage();
  const results = await Promise.allSettled(storageKeys.map((key) => storage.delete(key)));
  const failed = results.filter((result) => result.status === "rejected").length;
  if (failed > 0) logger.warn({ mealId, failed }, "Some photo files of a deleted meal could not be removed");
}
