import "server-only";
import { eq } from "drizzle-orm";
import { mealPhotos, meals } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { cancelPhotos } from "@/lib/cancel/cancel-photos";
import { recordMealDeletionCancel } from "@/lib/cancel/record-meal-deletion-cancel";
import { deliverJobEventsSoon } from "@/lib/jobs/relay-outbox";
import { logRevoked, signalCancellations } from "@/lib/jobs/signal-cancellations";
import { type Logger, logger as rootLogger } from "@/lib/logger";
import { smallPhotoKey } from "@/lib/photos/small-photo";
import { getStorage } from "@/lib/storage";
import { findOwnedMeal } from "./owned-meal";

/**
 * The user deletes a meal from the diary (server side). Its in-flight recognitions are cancelled
 * first, the same way as POST /api/ai/cancel (reason `meal_deleted`, with an audit row), then
 * the meal goes with its photos and items, in one transaction. Cancel events keep their rows
 * with meal_id set to null. The runs' cancel events go
 * into the outbox in that transaction; stored bytes are removed after the commit.
 */
export async function deleteMeal(userId: string, mealId: string, log: Logger = rootLogger): Promise<void> {
  const { storageKeys, cancelled, cancelEventId } = await transaction(async (tx) => {
    await findOwnedMeal(tx, userId, mealId, { lock: true });
    const result = await cancelPhotos(tx, userId, { mealIds: [mealId] });
    let eventId: string | null = null;
    if (result.cancelled.length > 0) {
      eventId = await recordMealDeletionCancel(tx, userId, mealId, result.cancelled);
      await signalCancellations(tx, result.cancelled, { userId, cancelEventId: eventId });
    }
    const photos = await tx
      .select({ storageKey: mealPhotos.storageKey })
      .from(mealPhotos)
      .where(eq(mealPhotos.mealId, mealId));
    await tx.delete(meals).where(eq(meals.id, mealId));
    return {
      storageKeys: photos.map((photo) => photo.storageKey),
      cancelled: result.cancelled,
      cancelEventId: eventId,
    };
  });

  // Logged once the deletion committed, never once per attempt of a retried transaction.
  if (cancelled.length > 0) {
    log.info(
      { cancelEventId, mealId, photoIds: cancelled.map((photo) => photo.photoId) },
      "[AI][Cancel] UPDATED_PHOTOS (meal deleted)",
    );
    logRevoked(cancelled, { cancelEventId }, log);
    await deliverJobEventsSoon();
  }
  const storage = getStorage();
  const keys = storageKeys.flatMap((key) => [key, smallPhotoKey(key)]);
  const results = await Promise.allSettled(keys.map((key) => storage.delete(key)));
  const failed = results.filter((result) => result.status === "rejected").length;
  if (failed > 0) log.warn({ mealId, failed }, "Some photo files of a deleted meal could not be removed");
}
