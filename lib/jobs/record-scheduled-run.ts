import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { scheduledJobRuns } from "@/db/schema";

/** The stuck-photo sweeper's function id, and the key of its last run. */
export const SWEEPER_JOB = "sweep-stuck";

/** Keeps the last run of a scheduled job and what it did (the admin jobs page shows it). */
export async function recordScheduledRun(job: string, result: Record<string, unknown>): Promise<void> {
  const db = await getDb();
  await db
    .insert(scheduledJobRuns)
    .values({ job, result })
    .onConflictDoUpdate({ target: scheduledJobRuns.job, set: { result, finishedAt: sql`now()` } });
}
