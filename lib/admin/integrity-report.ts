import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { config } from "@/lib/config";
import { checkInvariants, type InvariantName } from "@/lib/integrity/check-invariants";
import { CANCEL_COUNTS, type CancelCounts, duplicateRate, noopRate, ZERO_COUNTS } from "./cancel-rates";

export type Severity = "P0" | "P1" | "P2";

export interface IntegrityAlarm {
  id: string;
  severity: Severity;
  ok: boolean;
  count: number;
  /** Up to EXAMPLE_LIMIT ids to start the investigation from. */
  examples: string[];
  message: string;
}

export interface IntegrityReport {
  ok: boolean;
  checkedAt: string;
  alarms: IntegrityAlarm[];
}

// Thresholds of the monitoring runbook (seed 001, "Alert Thresholds").
export const DUPLICATE_RATE_LIMIT = 0.05;
export const NOOP_SPIKE_FACTOR = 2;
export const RATE_WINDOW_HOURS = 24;
/** Below this many requests in a window a rate is noise: its alarm stays quiet. */
export const MIN_REQUESTS_FOR_RATES = 20;
export const EXAMPLE_LIMIT = 5;

/** DESIGN §4 invariants: any break is a P0. `hint` says where to look when one fires. */
function invariantAlarms(stuckAfterSeconds: number) {
  return [
    {
      id: "terminal_photos_with_items",
      invariant: "terminalPhotosWithItems",
      what: "CANCELLED or FAILED photos with food items",
      hint: "the race guard let a late result through",
    },
    {
      id: "meal_status_mismatch",
      invariant: "mealsWithWrongStatus",
      what: "meals whose status disagrees with their photos and items",
      hint: "a photo transition committed without finalising its meal",
    },
    {
      id: "duplicate_cancel_events",
      invariant: "duplicateCancelEvents",
      what: "(user, clientCancelId) pairs with more than one audit row",
      hint: "the insert-first idempotency is broken",
    },
    {
      id: "stuck_photos",
      invariant: "stuckPhotos",
      what: `photos PENDING/PROCESSING for more than ${stuckAfterSeconds} s`,
      hint: "check that the sweep-stuck job and the job runner are alive",
    },
  ] as const satisfies ReadonlyArray<{ id: string; invariant: InvariantName; what: string; hint: string }>;
}

const percent = (rate: number | null) => (rate === null ? "n/a" : `${(rate * 100).toFixed(1)} %`);

interface WindowCounts {
  current: CancelCounts;
  previous: CancelCounts;
}

/** Cancel counts of the last RATE_WINDOW_HOURS and of the window before it: one statement. */
async function windowCounts(now: Date): Promise<WindowCounts> {
  const db = await getDb();
  const hour = 3_600_000;
  const currentStart = new Date(now.getTime() - RATE_WINDOW_HOURS * hour).toISOString();
  const previousStart = new Date(now.getTime() - 2 * RATE_WINDOW_HOURS * hour).toISOString();
  const rows = rowsOf<CancelCounts & { current: boolean }>(
    await db.execute(sql`
      select ce.created_at >= ${currentStart}::timestamptz as current, ${CANCEL_COUNTS}
      from cancel_events ce
      where ce.created_at >= ${previousStart}::timestamptz and ce.created_at <= ${now.toISOString()}::timestamptz
      group by 1`),
  );
  const pick = (current: boolean) => rows.find((row) => row.current === current) ?? ZERO_COUNTS;
  return { current: pick(true), previous: pick(false) };
}

/** Recent cancel events with duplicates, and recent noop cancels: examples for the rate alarms. */
async function rateExamples(now: Date): Promise<{ duplicates: string[]; noops: string[] }> {
  const db = await getDb();
  const start = sql`${new Date(now.getTime() - RATE_WINDOW_HOURS * 3_600_000).toISOString()}::timestamptz`;
  const end = sql`${now.toISOString()}::timestamptz`;
  const recent = (condition: SQL) => sql`(select id from cancel_events
    where created_at >= ${start} and created_at <= ${end} and ${condition}
    order by created_at desc limit ${EXAMPLE_LIMIT})`;
  const rows = rowsOf<{ kind: "duplicate" | "noop"; id: string }>(
    await db.execute(sql`
      select 'duplicate' as kind, id from ${recent(sql`duplicate_count > 0`)} d
      union all
      select 'noop' as kind, id from ${recent(sql`noop`)} n`),
  );
  const ids = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => row.id);
  return { duplicates: ids("duplicate"), noops: ids("noop") };
}

function duplicateRateAlarm(counts: CancelCounts, examples: string[]): IntegrityAlarm {
  const requests = counts.cancels + counts.duplicates;
  const rate = duplicateRate(counts);
  const ok = requests < MIN_REQUESTS_FOR_RATES || (rate ?? 0) <= DUPLICATE_RATE_LIMIT;
  return {
    id: "duplicate_rate",
    severity: "P1",
    ok,
    count: counts.duplicates,
    examples: ok ? [] : examples,
    message:
      `Duplicate cancel requests ${percent(rate)} (${counts.duplicates} of ${requests}) in the last ` +
      `${RATE_WINDOW_HOURS} h; alarm above ${percent(DUPLICATE_RATE_LIMIT)} with at least ` +
      `${MIN_REQUESTS_FOR_RATES} requests (frontend sending repeated cancels).`,
  };
}

function noopSpikeAlarm({ current, previous }: WindowCounts, examples: string[]): IntegrityAlarm {
  const now = noopRate(current);
  const before = noopRate(previous);
  const enoughData = current.cancels >= MIN_REQUESTS_FOR_RATES && previous.cancels >= MIN_REQUESTS_FOR_RATES;
  const ok = !enoughData || now === null || before === null || now === 0 || now < NOOP_SPIKE_FACTOR * before;
  return {
    id: "noop_rate_spike",
    severity: "P2",
    ok,
    count: current.noops,
    examples: ok ? [] : examples,
    message:
      `Noop rate ${percent(now)} in the last ${RATE_WINDOW_HOURS} h against ${percent(before)} in the ` +
      `${RATE_WINDOW_HOURS} h before; alarm at x${NOOP_SPIKE_FACTOR} with at least ` +
      `${MIN_REQUESTS_FOR_RATES} cancels in each window (Cancel pressed too early?).`,
  };
}

/**
 * Every alarm of DESIGN §4 and the runbook, each with a count and example ids; `ok` only when all
 * are quiet. Six statements: the four invariant checks, the window counts, the rate examples.
 */
export async function integrityReport(now = new Date()): Promise<IntegrityReport> {
  const stuckAfterSeconds = config().STUCK_PHOTO_TIMEOUT_S;
  const [breaks, counts, examples] = await Promise.all([
    checkInvariants({ stuckAfterSeconds, limit: EXAMPLE_LIMIT }),
    windowCounts(now),
    rateExamples(now),
  ]);
  const alarms: IntegrityAlarm[] = [
    ...invariantAlarms(stuckAfterSeconds).map(({ id, invariant, what, hint }) => {
      const count = breaks.counts[invariant];
      return {
        id,
        severity: "P0" as const,
        ok: count === 0,
        count,
        examples: breaks[invariant],
        message: count === 0 ? `No ${what}.` : `${count} ${what}: ${hint}.`,
      };
    }),
    duplicateRateAlarm(counts.current, examples.duplicates),
    noopSpikeAlarm(counts, examples.noops),
  ];
  return { ok: alarms.every((alarm) => alarm.ok), checkedAt: now.toISOString(), alarms };
}
