import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { mealPhotos } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { logger } from "@/lib/logger";
import { finalizeMeal } from "@/lib/meals/finalize-meal";
import { lockMeal } from "@/lib/meals/lock-meal";
import { isStuckPhoto } from "./stuck-photos";

/**
 * Invariant 6: no photo stays PENDING/PROCESSING longer than the timeout (a lost event, a crashed
 * executor, a hung provider). Each stuck photo becomes FAILED with error_code `timeout`, and its
 * meal is finalised, one meal per transaction under the meal's lock.
 */
export async function sweepStuckPhotos(
  timeoutSeconds: number,
): Promise<{ failedPhotos: number; meals: number }> {
  const db = await getDb();
  const isStuck = isStuckPhoto(timeoutSeconds);
  const candidates = await db
    .selectDistinct({ mealId: mealPhotos.mealId })
    .from(mealPhotos)
    .where(isStuck)
    .limit(500);

  let failedPhotos = 0;
  for (const { mealId } of candidates) {
    failedPhotos += await transaction(async (tx) => {
      if (!(await lockMeal(tx, mealId))) return 0;
      // Re-checked under the lock: a job may have finished the photo meanwhile.
      const failed = await tx
        .update(mealPhotos)
        .set({
          status: "FAILED",
          errorCode: "timeout",
          errorMessage: `Recognition did not finish within ${timeoutSeconds} s`,
          finishedAt: sql`now()`,
          updatedAt: sql`now()`,
        })
        .where(and(eq(mealPhotos.mealId, mealId), isStuck))
        .returning({ id: mealPhotos.id });
      if (failed.length > 0) {
        logger.warn({ mealId, photoIds: failed.map((photo) => photo.id) }, "[Sweeper] Failed stuck photos");
        await finalizeMeal(tx, mealId);
      }
      return failed.length;
    });
  }
  return { failedPhotos, meals: candidates.length };
}
