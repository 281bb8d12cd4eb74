import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import { foodItems, type MealStatus, mealPhotos } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { logger } from "@/lib/logger";
import { finalizeMeal } from "@/lib/meals/finalize-meal";
import { recordOperation } from "@/lib/operations/record-operation";
import type { RecognizedItem } from "@/lib/recognition/types";
import { lockPhotoWithMeal } from "./lock-photo";
import { passSaveGate } from "./save-gate";
import { type Skipped, superseded } from "./start-recognition";

export type SaveResult =
  | { saved: true; items: number; mealStatus: MealStatus | null }
  | { discarded: true; status: string; attempt: number }
  | Skipped;

/**
 * The race guard (DESIGN §4.1): under the meal and photo locks, items are attached only if the
 * photo is still PROCESSING for this very attempt. A cancel or failure that committed first wins;
 * the late result is discarded and logged (the race-guard marker). A newer attempt supersedes
 * this one: skipped, logged as superseded. Replayed after its own commit it answers `saved` again
 * and changes nothing. Finalises the meal in the same transaction.
 */
export async function saveRecognition(
  photoId: string,
  attempt: number,
  items: RecognizedItem[],
): Promise<SaveResult> {
  await passSaveGate(photoId, attempt);
  return transaction(async (tx) => {
    const locked = await lockPhotoWithMeal(tx, photoId);
    if (!locked) return { skipped: "photo_gone" };
    const { photo, meal } = locked;
    if (photo.attempt !== attempt) {
      // A newer attempt owns the photo (a retry, or recovery after this run was presumed gone).
      logger.info(
        { photoId, mealId: meal.id, attempt, currentAttempt: photo.attempt, status: photo.status },
        `[AI] Photo ${photoId} attempt ${attempt} is superseded by attempt ${photo.attempt}, discarding its results`,
      );
      return superseded(attempt, photo.attempt);
    }
    if (photo.status === "SUCCESS") {
      // This attempt's save already committed: a replayed step answers the same, changing nothing.
      const [saved] = await tx
        .select({ items: count() })
        .from(foodItems)
        .where(eq(foodItems.photoId, photoId));
      return { saved: true, items: saved?.items ?? 0, mealStatus: meal.status };
    }
    if (photo.status !== "PROCESSING") {
      logger.warn(
        { photoId, mealId: meal.id, status: photo.status, attempt, currentAttempt: photo.attempt },
        `[AI] Photo ${photoId} is in terminal state ${photo.status}, discarding results (race condition guard)`,
      );
      await recordOperation(
        tx,
        "race_guard_discard",
        { userId: photo.userId, mealId: meal.id, photoId },
        { status: photo.status, attempt, currentAttempt: photo.attempt, items: items.length },
      );
      return { discarded: true, status: photo.status, attempt: photo.attempt };
    }
    // The items and the photo's SUCCESS in one statement (the items as a CTE): one round trip
    // less while the meal's lock is held.
    const values = items.map((item) => ({ ...item, mealId: meal.id, photoId, source: "ai" as const }));
    const withItems =
      values.length > 0
        ? tx.with(
            tx.$with("inserted").as(tx.insert(foodItems).values(values).returning({ id: foodItems.id })),
          )
        : tx;
    await withItems
      .update(mealPhotos)
      .set({
        status: "SUCCESS",
        finishedAt: sql`now()`,
        heartbeatAt: sql`now()`,
        retryDueAt: null,
        updatedAt: sql`now()`,
        errorCode: null,
        errorMessage: null,
      })
      .where(
        and(eq(mealPhotos.id, photoId), eq(mealPhotos.attempt, attempt), eq(mealPhotos.status, "PROCESSING")),
      );
    const mealStatus = await finalizeMeal(tx, meal.id);
    return { saved: true, items: items.length, mealStatus };
  });
}
