import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type MealPhoto, mealPhotos } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { conflict, notFound } from "@/lib/http/errors";
import { queueRecognition } from "@/lib/jobs/queue-recognition";
import { deliverJobEventsSoon } from "@/lib/jobs/relay-outbox";
import { finalizeMeal } from "@/lib/meals/finalize-meal";
import { findOwnedMeal } from "@/lib/meals/owned-meal";

/**
 * FAILED|CANCELLED → PENDING with attempt + 1, under the meal's lock and as one conditional
 * statement, so of two concurrent retries exactly one wins (the other gets 409). The meal
 * reopens to PROCESSING; the new attempt's job is queued in the same transaction (the outbox).
 */
export async function retryPhoto(userId: string, mealId: string, photoId: string): Promise<MealPhoto> {
  const photo = await transaction(async (tx) => {
    await findOwnedMeal(tx, userId, mealId, { lock: true });
    const [retried] = await tx
      .update(mealPhotos)
      .set({
        status: "PENDING",
        attempt: sql`${mealPhotos.attempt} + 1`,
        errorCode: null,
        errorMessage: null,
        processingStartedAt: null,
        finishedAt: null,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(mealPhotos.id, photoId),
          eq(mealPhotos.mealId, mealId),
          inArray(mealPhotos.status, ["FAILED", "CANCELLED"]),
        ),
      )
      .returning();
    if (!retried) {
      const [current] = await tx
        .select({ status: mealPhotos.status })
        .from(mealPhotos)
        .where(and(eq(mealPhotos.id, photoId), eq(mealPhotos.mealId, mealId)));
      if (!current) throw notFound("Photo");
      throw conflict(`Only a failed or cancelled photo can be retried; this one is ${current.status}`, {
        status: current.status,
      });
    }
    await finalizeMeal(tx, mealId);
    await queueRecognition(tx, retried);
    return retried;
  });
  await deliverJobEventsSoon();
  return photo;
}
