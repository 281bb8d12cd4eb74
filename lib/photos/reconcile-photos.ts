import "server-only";
import { and, eq, lt, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { mealPhotos } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { recognitionCancelled, recognitionRequested } from "@/lib/jobs/events";
import { enqueueJobEvents } from "@/lib/jobs/outbox";
import { deliverJobEventsSoon } from "@/lib/jobs/relay-outbox";
import { logger } from "@/lib/logger";
import { finalizeMeal } from "@/lib/meals/finalize-meal";
import { lockMeal } from "@/lib/meals/lock-meal";

export interface Reconciliation {
  /** Photos given a new attempt (their run was presumed gone). */
  recovered: number;
  /** Photos failed with `error` (recoveries used up). */
  failedPhotos: number;
  meals: number;
}

/**
 * In-flight photos whose run is gone (`orphaned`): each gets a new attempt, queued through the
 * outbox, while it has recoveries left; attempt fencing discards whatever the old attempt still
 * writes, and its run, should it live on, is cancelled. Past `maxRecoveries` the photo is FAILED
 * with `error` and its run cancelled. One meal per transaction, under the meal's lock, the
 * condition re-checked there; the meal is finalised.
 */
export async function reconcileInFlightPhotos(
  orphaned: SQL,
  options: { maxRecoveries: number; error: { code: string; message: string } },
): Promise<Reconciliation> {
  const db = await getDb();
  const candidates = await db
    .selectDistinct({ mealId: mealPhotos.mealId })
    .from(mealPhotos)
    .where(orphaned)
    .limit(500);

  const totals: Reconciliation = { recovered: 0, failedPhotos: 0, meals: candidates.length };
  for (const { mealId } of candidates) {
    const { recovered, failed } = await transaction(async (tx) => {
      if (!(await lockMeal(tx, mealId))) return { recovered: 0, failed: 0 };
      const ofThisMeal = and(eq(mealPhotos.mealId, mealId), orphaned);
      const requeued = await tx
        .update(mealPhotos)
        .set({
          status: "PENDING",
          attempt: sql`${mealPhotos.attempt} + 1`,
          recoveries: sql`${mealPhotos.recoveries} + 1`,
          processingStartedAt: null,
          heartbeatAt: sql`now()`,
          retryDueAt: null,
        })
        .where(and(ofThisMeal, lt(mealPhotos.recoveries, options.maxRecoveries)))
        .returning();
      const failedRows = await tx
        .update(mealPhotos)
        .set({
          status: "FAILED",
          errorCode: options.error.code,
          errorMessage: options.error.message,
          finishedAt: sql`now()`,
          heartbeatAt: sql`now()`,
          retryDueAt: null,
        })
        .where(ofThisMeal)
        .returning();
      const ref = (photo: (typeof requeued)[number], attempt = photo.attempt) => ({
        photoId: photo.id,
        mealId,
        userId: photo.userId,
        attempt,
      });
      await enqueueJobEvents(tx, [
        ...requeued.flatMap((photo) => [
          recognitionCancelled(ref(photo, photo.attempt - 1), null),
          recognitionRequested(ref(photo)),
        ]),
        ...failedRows.map((photo) => recognitionCancelled(ref(photo), null)),
      ]);
      if (requeued.length > 0) {
        logger.warn(
          { mealId, photos: requeued.map((photo) => ({ photoId: photo.id, attempt: photo.attempt })) },
          "[Sweeper] Recovered photos whose run was gone: new attempts queued",
        );
      }
      if (failedRows.length > 0) {
        logger.warn(
          { mealId, photoIds: failedRows.map((photo) => photo.id), errorCode: options.error.code },
          "[Sweeper] Failed stuck photos",
        );
      }
      if (requeued.length + failedRows.length > 0) await finalizeMeal(tx, mealId);
      return { recovered: requeued.length, failed: failedRows.length };
    });
    totals.recovered += recovered;
    totals.failedPhotos += failed;
  }
  if (totals.recovered + totals.failedPhotos > 0) await deliverJobEventsSoon();
  return totals;
}
