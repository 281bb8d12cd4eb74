import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { IN_FLIGHT_PHOTO_STATUSES } from "@/db/photo-statuses";
import { mealPhotos } from "@/db/schema";
import { config } from "@/lib/config";

export const thisAttemptInFlight = (photoId: string, attempt: number) =>
  and(
    eq(mealPhotos.id, photoId),
    eq(mealPhotos.attempt, attempt),
    inArray(mealPhotos.status, IN_FLIGHT_PHOTO_STATUSES),
  );

/** What a heartbeat sets: the attempt is alive, "stuck" counts from now (DESIGN §6). */
export const beating = () => ({ heartbeatAt: sql`now()`, retryDueAt: null });

/** A heartbeat of the attempt; a no-op once the attempt is over. */
export async function heartbeat(photoId: string, attempt: number): Promise<void> {
  const db = await getDb();
  await db.update(mealPhotos).set(beating()).where(thisAttemptInFlight(photoId, attempt));
}

/**
 * Runs a step's work with the attempt heartbeating every quarter of the stuck timeout while it
 * runs, so a slow provider call is never taken for a dead run. The work's first statement is the
 * first beat (startRecognition starts the attempt with it), which saves a round trip.
 */
export async function withHeartbeat<T>(photoId: string, attempt: number, work: () => Promise<T>): Promise<T> {
  const everyMs = (config().STUCK_PHOTO_TIMEOUT_S * 1000) / 4;
  const timer = setInterval(() => void heartbeat(photoId, attempt).catch(() => {}), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** A step of the attempt failed and will be retried within `delayMs`: the sweeper waits for it. */
export async function recordRetryDue(photoId: string, attempt: number, delayMs: number): Promise<void> {
  const db = await getDb();
  await db
    .update(mealPhotos)
    .set({ heartbeatAt: sql`now()`, retryDueAt: sql`now() + make_interval(secs => ${delayMs / 1000})` })
    .where(thisAttemptInFlight(photoId, attempt));
}
