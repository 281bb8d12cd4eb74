import "server-only";
import { sql } from "drizzle-orm";
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
 * events, stuck photos). Cancels per hour read the hourly rollup (cancel_stats_hourly) for whole
 * hours and cancel_events, by its created_at index, only for the window's two partial hours.
 */
export async function cancelStats(window: StatsWindow, now = new Date()): Promise<CancelStats> {
  const db = await getDb();
  const to = now.toISOString();
  const from = new Date(now.getTime() - WINDOW_HOURS[window] * 3_600_000).toISOString();
  const start = sql`${from}::timestamptz`;
  const end = sql`${to}::timestamptz`;

  const [hourlyResult, operationsResult, stuckResult] = await Promise.all([
    // Every UTC hour of the window appears, with zeros when nothing happened in it. The hours wholly
    // inside the window come from the hourly rollup; the first and last (partly outside) from the rows.
    db.execute(sql`
      with edges as (
        select date_trunc('hour', ce.created_at, 'UTC') as hour, ${CANCEL_COUNTS}
        from (
          -- Two index ranges (an OR of the two would scan the whole window).
          select * from cancel_events e where e.created_at >= ${start} and e.created_at <= ${end}
            and e.created_at < date_trunc('hour', ${start}, 'UTC') + interval '1 hour'
          union all
          select * from cancel_events e where e.created_at <= ${end} and e.created_at >= greatest(
            date_trunc('hour', ${end}, 'UTC'), date_trunc('hour', ${start}, 'UTC') + interval '1 hour')
        ) ce
        group by 1
      ), rolled as (
        select r.hour, sum(r.cancels)::int as cancels, sum(r.noops)::int as noops,
          sum(r.duplicates)::int as duplicates, sum(r.updated_photos)::int as "updatedPhotos"
        from cancel_stats_hourly r
        where r.hour > date_trunc('hour', ${start}, 'UTC') and r.hour < date_trunc('hour', ${end}, 'UTC')
        group by 1
      ), buckets as (select * from edges union all select * from rolled)
      select to_json(s.hour) #>> '{}' as hour, coalesce(b.cancels, 0) as cancels,
        coalesce(b.noops, 0) as noops, coalesce(b.duplicates, 0) as duplicates,
        coalesce(b."updatedPhotos", 0) as "updatedPhotos"
      from generate_series(
        date_trunc('hour', ${start}, 'UTC'), date_trunc('hour', ${end}, 'UTC'), interval '1 hour') s(hour)
      left join buckets b on b.hour = s.hour
      order by s.hour`),
    db.execute(sql`
      select (count(*) filter (where kind = 'race_guard_discard'))::int as "raceGuardDiscards",
        (count(*) filter (where kind = 'meal_finalized' and detail ->> 'status' = 'COMPLETE'))::int as complete,
        (count(*) filter (where kind = 'meal_finalized' and detail ->> 'status' = 'FAILED'))::int as failed
      from operation_events
      where kind in ('race_guard_discard', 'meal_finalized') and created_at >= ${start} and created_at <= ${end}`),
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
