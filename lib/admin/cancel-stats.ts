import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { config } from "@/lib/config";
import { isStuckPhoto } from "@/lib/photos/stuck-photos";
import {
  addCounts,
  averageUpdatedPhotos,
  CANCEL_COUNTS,
  type CancelCounts,
  duplicateRate,
  noopRate,
  ZERO_COUNTS,
} from "./cancel-rates";
import type { StatsWindow } from "./inputs";

export const WINDOW_HOURS: Record<StatsWindow, number> = { "24h": 24, "7d": 7 * 24, "30d": 30 * 24 };

export interface HourlyCancels {
  /** Start of the hour, ISO 8601. */
  hour: string;
  cancels: number;
  /** Null in an hour without cancels (a gap in the chart, not a 0 % reading). */
  noopRate: number | null;
}

export interface CancelStats {
  window: StatsWindow;
  from: string;
  to: string;
  cancels: number;
  noopRate: number | null;
  duplicates: number;
  duplicateRate: number | null;
  averageUpdatedPhotos: number | null;
  raceGuardDiscards: number;
  mealsFinalized: { complete: number; failed: number };
  /** In flight past STUCK_PHOTO_TIMEOUT_S right now (not limited to the window). */
  stuckPhotos: number;
  hourly: HourlyCancels[];
}

/**
 * The runbook's rates for one window ending now: three statements (cancels per hour, operations
 * events, stuck photos). Cancels and operations events are read from their hourly rollups
 * (cancel_stats_hourly, operation_stats_hourly) for the hours wholly inside the window, and from
 * the rows, by their created_at indexes, only for the window's two partial hours.
 */
export async function cancelStats(window: StatsWindow, now = new Date()): Promise<CancelStats> {
  const db = await getDb();
  const to = now.toISOString();
  const from = new Date(now.getTime() - WINDOW_HOURS[window] * 3_600_000).toISOString();
  const start = sql`${from}::timestamptz`;
  const end = sql`${to}::timestamptz`;
  const firstHour = sql`date_trunc('hour', ${start}, 'UTC')`;
  const lastHour = sql`date_trunc('hour', ${end}, 'UTC')`;
  // The rows of the window's first and last hours, as two index ranges (an OR of the two would
  // scan the whole window); every hour between them is read from a rollup.
  const partialHours = (table: SQL) => sql`
    select * from ${table} e where e.created_at >= ${start} and e.created_at <= ${end}
      and e.created_at < ${firstHour} + interval '1 hour'
    union all
    select * from ${table} e where e.created_at <= ${end}
      and e.created_at >= greatest(${lastHour}, ${firstHour} + interval '1 hour')`;
  const wholeHours = sql`r.hour > ${firstHour} and r.hour < ${lastHour}`;

  const [hourlyResult, operationsResult, stuckResult] = await Promise.all([
    // Every UTC hour of the window appears, with zeros when nothing happened in it. The hours wholly
    // inside the window come from the hourly rollup; the first and last (partly outside) from the rows.
    db.execute(sql`
      with edges as (
        select date_trunc('hour', ce.created_at, 'UTC') as hour, ${CANCEL_COUNTS}
        from (${partialHours(sql`cancel_events`)}) ce
        group by 1
      ), rolled as (
        select r.hour, sum(r.cancels)::int as cancels, sum(r.noops)::int as noops,
          sum(r.duplicates)::int as duplicates, sum(r.updated_photos)::int as "updatedPhotos"
        from cancel_stats_hourly r
        where ${wholeHours}
        group by 1
      ), buckets as (select * from edges union all select * from rolled)
      select to_json(s.hour) #>> '{}' as hour, coalesce(b.cancels, 0) as cancels,
        coalesce(b.noops, 0) as noops, coalesce(b.duplicates, 0) as duplicates,
        coalesce(b."updatedPhotos", 0) as "updatedPhotos"
      from generate_series(
        ${firstHour}, ${lastHour}, interval '1 hour') s(hour)
      left join buckets b on b.hour = s.hour
      order by s.hour`),
    db.execute(sql`
      select coalesce(sum(o.discards), 0)::int as "raceGuardDiscards", coalesce(sum(o.complete), 0)::int as complete,
        coalesce(sum(o.failed), 0)::int as failed
      from (
        select (kind = 'race_guard_discard')::int as discards,
          (kind = 'meal_finalized' and detail ->> 'status' = 'COMPLETE')::int as complete,
          (kind = 'meal_finalized' and detail ->> 'status' = 'FAILED')::int as failed
        from (${partialHours(sql`operation_events`)}) oe
        union all
        select r.race_guard_discards, r.meals_complete, r.meals_failed from operation_stats_hourly r where ${wholeHours}
      ) o`),
    db.execute(sql`select count(*)::int as stuck from meal_photos
      where ${isStuckPhoto(config().STUCK_PHOTO_TIMEOUT_S)}`),
  ]);

  const hours = rowsOf<CancelCounts & { hour: string }>(hourlyResult);
  const totals = hours.reduce(addCounts, ZERO_COUNTS);
  const operations = rowsOf<{ raceGuardDiscards: number; complete: number; failed: number }>(
    operationsResult,
  )[0];
  return {
    window,
    from,
    to,
    cancels: totals.cancels,
    noopRate: noopRate(totals),
    duplicates: totals.duplicates,
    duplicateRate: duplicateRate(totals),
    averageUpdatedPhotos: averageUpdatedPhotos(totals),
    raceGuardDiscards: operations?.raceGuardDiscards ?? 0,
    mealsFinalized: { complete: operations?.complete ?? 0, failed: operations?.failed ?? 0 },
    stuckPhotos: rowsOf<{ stuck: number }>(stuckResult)[0]?.stuck ?? 0,
    hourly: hours.map((bucket) => ({
      hour: bucket.hour,
      cancels: bucket.cancels,
      noopRate: noopRate(bucket),
    })),
  };
}
