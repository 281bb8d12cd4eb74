import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { foods, mealPhotos } from "@/db/schema";
import { logger } from "@/lib/logger";
import { beating, thisAttemptInFlight } from "./heartbeat";

export type Skipped = { skipped: string };

/** Why a step of an old attempt stops: the photo moved on to a newer attempt. */
export const superseded = (attempt: number, currentAttempt: number): Skipped => ({
  skipped: `superseded:${attempt}->${currentAttempt}`,
});

/** What recognising a started photo needs: its stored bytes' key and type, and whose foods may match. */
export interface StartedPhoto {
  storageKey: string;
  mime: string;
  userId: string;
  /** Whether the photo's owner has foods of their own (lib/foods/match-recognized-items.ts). */
  ownerHasFoods: boolean;
}

/**
 * PENDING → PROCESSING for this attempt with its heartbeat, in one conditional statement that
 * also reads what recognition needs (whether the owner has foods of their own too: matching then
 * searches them, else the table's cached answers do). Replayed for the same attempt (a lost answer, a redelivered
 * or retried step) it finds its own PROCESSING row, keeps when it started, and continues. A photo
 * cancelled, failed, saved, deleted or retried meanwhile is never overwritten: skipped, before
 * anyone pays for a recognition.
 */
export async function startRecognition(photoId: string, attempt: number): Promise<StartedPhoto | Skipped> {
  const db = await getDb();
  const [started] = await db
    .update(mealPhotos)
    .set({
      status: "PROCESSING",
      processingStartedAt: sql`coalesce(${mealPhotos.processingStartedAt}, now())`,
      ...beating(),
    })
    .where(thisAttemptInFlight(photoId, attempt))
    .returning({
      storageKey: mealPhotos.storageKey,
      mime: mealPhotos.mime,
      userId: mealPhotos.userId,
      ownerHasFoods: sql<boolean>`exists (select 1 from ${foods} where ${foods.ownerId} = ${mealPhotos.userId})`,
    });
  if (started) return started;
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
