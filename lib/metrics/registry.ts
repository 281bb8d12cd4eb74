import "server-only";
import { Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The app's Prometheus metrics (docs/OPERATIONS.md). Counters and histograms are per instance:
 * sum them across instances in the query. Gauges marked "from the database" are read at scrape
 * time and agree across instances: take one instance's value (max), never the sum.
 */
function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ) => new Histogram<L>({ name, help, labelNames, buckets, registers });
  return {
    registry,
    httpRequests: counter(
      "mealsnap_http_requests_total",
      "API requests answered by this instance, by route, method and status",
      ["route", "method", "status"],
    ),
    httpDuration: histogram(
      "mealsnap_http_request_duration_seconds",
      "API request latency on this instance, by route, method and status",
      ["route", "method", "status"],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ),
    cancels: counter(
      "mealsnap_cancel_requests_total",
      "Cancel requests answered by this instance, by answer status, reason and whether it was a duplicate",
      ["status", "reason", "duplicate"],
    ),
    rateLimitRefusals: counter(
      "mealsnap_rate_limit_refusals_total",
      "Requests refused with 429 by this instance, by limit",
      ["limit"],
    ),
    recognitionDuration: histogram(
      "mealsnap_recognition_duration_seconds",
      "Recognizer calls on this instance, by outcome (ok or the error code)",
      ["outcome"],
      [0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
    ),
    recognitionFailures: counter(
      "mealsnap_recognition_failures_total",
      "Recognizer calls that failed on this instance (retried or not), by error code",
      ["code"],
    ),
    photos: gauge("mealsnap_photos", "Photos by status (from the database)", ["status"]),
    failedPhotos: gauge("mealsnap_photos_failed", "FAILED photos by error code (from the database)", [
      "code",
    ]),
    stuckPhotos: gauge(
      "mealsnap_photos_stuck",
      "Photos in flight with no sign of life for STUCK_PHOTO_TIMEOUT_S (from the database)",
    ),
    cancelEvents: gauge("mealsnap_cancel_events", "Cancel audit rows, by noop (from the database)", ["noop"]),
    cancelDuplicates: gauge(
      "mealsnap_cancel_duplicates",
      "Repeated cancel requests answered from their audit row (from the database)",
    ),
    raceGuardDiscards: gauge(
      "mealsnap_race_guard_discards",
      "Late recognition results discarded by the race guard (from the database)",
    ),
    alarmFiring: gauge(
      "mealsnap_integrity_alarm_firing",
      "1 while an integrity alarm fires, as of the last check-alarms run (from the database)",
      ["alarm"],
    ),
    executorRuns: gauge(
      "mealsnap_executor_runs",
      "Runs the embedded executor of this instance holds unfinished, by state (queued or running); absent when the jobs run on Inngest",
      ["state"],
    ),
    outboxPending: gauge(
      "mealsnap_job_outbox_pending",
      "Job events not yet accepted by the engine (from the database)",
    ),
    outboxOldestAge: gauge(
      "mealsnap_job_outbox_oldest_pending_seconds",
      "Age of the oldest job event not yet accepted by the engine, 0 when none (from the database)",
    ),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// One set per process: route bundles may each load this module, and a metric registers once.
const holder = globalThis as typeof globalThis & { mealsnapMetrics?: Metrics };

export function metrics(): Metrics {
  holder.mealsnapMetrics ??= createMetrics();
  return holder.mealsnapMetrics;
}
