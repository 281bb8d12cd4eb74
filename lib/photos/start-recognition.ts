import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { IN_FLIGHT_PHOTO_STATUSES } from "@/db/photo-statuses";
import { mealPhotos } from "@/db/schema";
import { logger } from "@/lib/logger";

export type Skipped = { skipped: string };

/** Why a step of an old attempt stops: the photo moved on to a newer attempt. */
export const superseded = (attempt: number, currentAttempt: number): Skipped => ({
  skipped: `superseded:${attempt}->${currentAttempt}`,
});

/**
 * PENDING → PROCESSING for this attempt, in one conditional statement, and the attempt's first
 * heartbeat. Replayed for the same attempt (a lost answer, a redelivered step) it finds its own
 * PROCESSING row and continues. A photo that was cancelled, deleted or retried meanwhile is never
 * overwritten, and the job skips.
 */
export async function startRecognition(
  photoId: string,
  attempt: number,
): Promise<{ started: true } | Skipped> {
  const db = await getDb();
  const [started] = await db
    .update(mealPhotos)
    .set({
      status: "PROCESSING",
      processingStartedAt: sql`coalesce(${mealPhotos.processingStartedAt}, now())`,
      heartbeatAt: sql`now()`,
      retryDueAt: null,
    })
    .where(
      and(
        eq(mealPhotos.id, photoId),
        eq(mealPhotos.attempt, attempt),
        inArray(mealPhotos.status, IN_FLIGHT_PHOTO_STATUSES),
      ),
    )
    .returning({ id: mealPhotos.id });
  if (started) return { started: true };
  const [current] = await db
    .select({ status: mealPhotos.status, attempt: mealPhotos.attempt })
    .from(mealPhotos)
    .where(eq(mealPhotos.id, photoId));
  if (!current) return { skipped: "photo_gone" };
  if (current.attempt !== attempt) {
    logger.info(
      { photoId, attempt, currentAttempt: current.attempt },
      `[AI] Photo ${photoId} attempt ${attempt} is superseded by attempt ${current.attempt}; not starting`,
    );
    return superseded(attempt, current.attempt);
  }
  return { skipped: `status:${current.status}` };
}
