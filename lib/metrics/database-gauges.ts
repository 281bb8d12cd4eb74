import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { PHOTO_STATUSES } from "@/db/photo-statuses";
import { rowsOf } from "@/db/rows";
import { config } from "@/lib/config";
import { isStuckPhoto } from "@/lib/photos/stuck-photos";
import { metrics } from "./registry";

interface Counts {
  photos: Array<{ status: string; count: number }>;
  failed: Array<{ code: string; count: number }>;
  stuck: number;
  noop_cancels: number;
  other_cancels: number;
  duplicates: number;
  discards: number;
  alarms: Array<{ alarm: string; firing: boolean }>;
  pending: number;
  oldest_seconds: number;
}

/**
 * Reads the figures every instance must agree on from the database, in one statement, and sets
 * their gauges: run at each scrape. Nothing here grows with the data: photo and cancel totals come
 * from their rollups (meal_photo_counts, cancel_stats_hourly, kept by triggers), stuck photos and
 * the outbox backlog from partial indexes over the rows in flight, discards from their index.
 */
export async function refreshDatabaseGauges(): Promise<void> {
  const db = await getDb();
  const [counts] = rowsOf<Counts>(
    await db.execute(sql`select
      (select coalesce(json_agg(p), '[]') from (
        select status, sum(photos)::int as count from meal_photo_counts group by status) p) as photos,
      (select coalesce(json_agg(f), '[]') from (
        select error_code as code, sum(photos)::int as count from meal_photo_counts
        where status = 'FAILED' group by 1 having sum(photos) <> 0) f) as failed,
      (select count(*)::int from meal_photos where ${isStuckPhoto(config().STUCK_PHOTO_TIMEOUT_S)}) as stuck,
      (select coalesce(sum(noops), 0)::int from cancel_stats_hourly) as noop_cancels,
      (select coalesce(sum(cancels - noops), 0)::int from cancel_stats_hourly) as other_cancels,
      (select coalesce(sum(duplicates), 0)::int from cancel_stats_hourly) as duplicates,
      (select count(*)::int from operation_events where kind = 'race_guard_discard') as discards,
      (select coalesce(json_agg(a), '[]') from (select alarm, firing from alarm_states) a) as alarms,
      (select count(*)::int from job_outbox where delivered_at is null) as pending,
      (select coalesce(extract(epoch from now() - min(created_at)), 0)::float8 from job_outbox
        where delivered_at is null) as oldest_seconds`),
  );
  if (!counts) return;
  const m = metrics();
  m.photos.reset();
  for (const status of PHOTO_STATUSES) m.photos.set({ status }, 0);
  for (const { status, count } of counts.photos) m.photos.set({ status }, count);
  m.failedPhotos.reset();
  for (const { code, count } of counts.failed) m.failedPhotos.set({ code }, count);
  m.stuckPhotos.set(counts.stuck);
  m.cancelEvents.set({ noop: "true" }, counts.noop_cancels);
  m.cancelEvents.set({ noop: "false" }, counts.other_cancels);
  m.cancelDuplicates.set(counts.duplicates);
  m.raceGuardDiscards.set(counts.discards);
  for (const { alarm, firing } of counts.alarms) m.alarmFiring.set({ alarm }, firing ? 1 : 0);
  m.outboxPending.set(counts.pending);
  m.outboxOldestAge.set(counts.oldest_seconds);
}
