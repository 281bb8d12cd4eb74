import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { IN_FLIGHT_PHOTO_STATUSES } from "@/db/photo-statuses";
import { type MealStatus, mealPhotos } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { logger } from "@/lib/logger";
import { finalizeMeal } from "@/lib/meals/finalize-meal";
import { lockPhotoWithMeal } from "./lock-photo";
import type { Skipped } from "./start-recognition";

/**
 * A recognition that failed for good: PENDING/PROCESSING → FAILED for this attempt only (a
 * cancelled or retried photo is left alone), then the meal is finalised in the same transaction.
 */
export async function failRecognition(
  photoId: string,
  attempt: number,
  error: { code: string; message: string },
): Promise<{ failed: boolean; mealStatus: MealStatus | null } | Skipped> {
  return transaction(async (tx) => {
    const locked = await lockPhotoWithMeal(tx, photoId);
    if (!locked) return { skipped: "photo_gone" };
    const [failed] = await tx
      .update(mealPhotos)
      .set({
        status: "FAILED",
        errorCode: error.code.slice(0, 64),
        errorMessage: error.message.slice(0, 500),
        finishedAt: sql`now()`,
        heartbeatAt: sql`now()`,
        retryDueAt: null,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(mealPhotos.id, photoId),
          eq(mealPhotos.attempt, attempt),
          inArray(mealPhotos.status, IN_FLIGHT_PHOTO_STATUSES),
        ),
      )
      .returning({ id: mealPhotos.id });
    if (failed)
      logger.warn(
        { photoId, mealId: locked.meal.id, attempt, errorCode: error.code },
        "[AI] Photo recognition failed",
      );
    return { failed: Boolean(failed), mealStatus: await finalizeMeal(tx, locked.meal.id) };
  });
}
