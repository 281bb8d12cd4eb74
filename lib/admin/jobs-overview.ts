import "server-only";
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { IN_FLIGHT_PHOTO_STATUSES } from "@/db/photo-statuses";
import { jobOutbox, mealPhotos, scheduledJobRuns, users } from "@/db/schema";
import { config } from "@/lib/config";
import { recognitionEventId } from "@/lib/jobs/events";
import { SWEEPER_JOB } from "@/lib/jobs/record-scheduled-run";
import { isStuckPhoto } from "@/lib/photos/stuck-photos";

export const JOBS_LIST_LIMIT = 50;

export interface JobPhoto {
  id: string;
  mealId: string;
  userEmail: string | null;
  status: string;
  attempt: number;
  recoveries: number;
  createdAt: string;
  heartbeatAt: string;
  retryDueAt: string | null;
  stuck: boolean;
  /** The recognition event of this attempt, as the engine knows it (the outbox id). */
  eventId: string;
}

export interface FailedPhoto {
  id: string;
  mealId: string;
  userEmail: string | null;
  attempt: number;
  errorCode: string | null;
  errorMessage: string | null;
  finishedAt: string | null;
}

export interface JobsOverview {
  checkedAt: string;
  inFlight: JobPhoto[];
  failures: FailedPhoto[];
  outbox: {
    pending: number;
    oldestPendingAt: string | null;
    failingAttempts: number;
    lastError: string | null;
  };
  sweeper: { finishedAt: string; result: Record<string, unknown> } | null;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * What the background work is doing, read from the database only, so it reads the same whichever
 * engine runs the jobs: photos in flight (oldest first), the latest failures, the outbox's
 * backlog and the sweeper's last run.
 */
export async function jobsOverview(): Promise<JobsOverview> {
  const db = await getDb();
  const stuck = isStuckPhoto(config().STUCK_PHOTO_TIMEOUT_S);
  const [inFlight, failures, [outbox], [lastFailing], [sweeper]] = await Promise.all([
    db
      .select({
        id: mealPhotos.id,
        mealId: mealPhotos.mealId,
        userEmail: users.email,
        status: mealPhotos.status,
        attempt: mealPhotos.attempt,
        recoveries: mealPhotos.recoveries,
        createdAt: mealPhotos.createdAt,
        heartbeatAt: mealPhotos.heartbeatAt,
        retryDueAt: mealPhotos.retryDueAt,
        stuck: sql<boolean>`${stuck}`,
      })
      .from(mealPhotos)
      .leftJoin(users, eq(users.id, mealPhotos.userId))
      .where(inArray(mealPhotos.status, IN_FLIGHT_PHOTO_STATUSES))
      .orderBy(asc(mealPhotos.heartbeatAt))
      .limit(JOBS_LIST_LIMIT),
    db
      .select({
        id: mealPhotos.id,
        mealId: mealPhotos.mealId,
        userEmail: users.email,
        attempt: mealPhotos.attempt,
        errorCode: mealPhotos.errorCode,
        errorMessage: mealPhotos.errorMessage,
        finishedAt: mealPhotos.finishedAt,
      })
      .from(mealPhotos)
      .leftJoin(users, eq(users.id, mealPhotos.userId))
      .where(eq(mealPhotos.status, "FAILED"))
      .orderBy(desc(mealPhotos.updatedAt))
      .limit(JOBS_LIST_LIMIT),
    db
      .select({
        pending: sql<number>`count(*)::int`,
        oldestPendingAt: sql<string | null>`min(${jobOutbox.createdAt})`,
        failingAttempts: sql<number>`coalesce(max(${jobOutbox.attempts}), 0)::int`,
      })
      .from(jobOutbox)
      .where(isNull(jobOutbox.deliveredAt)),
    db
      .select({ lastError: jobOutbox.lastError })
      .from(jobOutbox)
      .where(and(isNull(jobOutbox.deliveredAt), isNotNull(jobOutbox.lastError)))
      .orderBy(asc(jobOutbox.nextAttemptAt))
      .limit(1),
    db.select().from(scheduledJobRuns).where(eq(scheduledJobRuns.job, SWEEPER_JOB)),
  ]);
  return {
    checkedAt: new Date().toISOString(),
    inFlight: inFlight.map((photo) => ({
      ...photo,
      createdAt: iso(photo.createdAt) as string,
      heartbeatAt: iso(photo.heartbeatAt) as string,
      retryDueAt: iso(photo.retryDueAt),
      stuck: Boolean(photo.stuck),
      eventId: recognitionEventId({ photoId: photo.id, attempt: photo.attempt }),
    })),
    failures: failures.map((photo) => ({ ...photo, finishedAt: iso(photo.finishedAt) })),
    outbox: {
      pending: outbox?.pending ?? 0,
      oldestPendingAt: iso(outbox?.oldestPendingAt ?? null),
      failingAttempts: outbox?.failingAttempts ?? 0,
      lastError: lastFailing?.lastError ?? null,
    },
    sweeper: sweeper
      ? { finishedAt: iso(sweeper.finishedAt) as string, result: sweeper.result as Record<string, unknown> }
      : null,
  };
}
