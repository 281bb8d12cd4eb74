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
  return {
    registry,
    httpRequests: new Counter({
      name: "mealsnap_http_requests_total",
      help: "API requests answered by this instance, by route, method and status",
      labelNames: ["route", "method", "status"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "mealsnap_http_request_duration_seconds",
      help: "API request latency on this instance, by route, method and status",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    cancels: new Counter({
      name: "mealsnap_cancel_requests_total",
      help: "Cancel requests answered by this instance, by answer status, reason and whether it was a duplicate",
      labelNames: ["status", "reason", "duplicate"] as const,
      registers,
    }),
    rateLimitRefusals: new Counter({
      name: "mealsnap_rate_limit_refusals_total",
      help: "Requests refused with 429 by this instance, by limit",
      labelNames: ["limit"] as const,
      registers,
    }),
    recognitionDuration: new Histogram({
      name: "mealsnap_recognition_duration_seconds",
      help: "Recognizer calls on this instance, by outcome (ok or the error code)",
      labelNames: ["outcome"] as const,
      buckets: [0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
      registers,
    }),
    recognitionFailures: new Counter({
      name: "mealsnap_recognition_failures_total",
      help: "Recognizer calls that failed on this instance (retried or not), by error code",
      labelNames: ["code"] as const,
      registers,
    }),
    photos: new Gauge({
      name: "mealsnap_photos",
      help: "Photos by status (from the database)",
      labelNames: ["status"] as const,
      registers,
    }),
    failedPhotos: new Gauge({
      name: "mealsnap_photos_failed",
      help: "FAILED photos by error code (from the database)",
      labelNames: ["code"] as const,
      registers,
    }),
    stuckPhotos: new Gauge({
      name: "mealsnap_photos_stuck",
      help: "Photos in flight with no sign of life for STUCK_PHOTO_TIMEOUT_S (from the database)",
      registers,
    }),
    cancelEvents: new Gauge({
      name: "mealsnap_cancel_events",
      help: "Cancel audit rows, by noop (from the database)",
      labelNames: ["noop"] as const,
      registers,
    }),
    cancelDuplicates: new Gauge({
      name: "mealsnap_cancel_duplicates",
      help: "Repeated cancel requests answered from their audit row (from the database)",
      registers,
    }),
    raceGuardDiscards: new Gauge({
      name: "mealsnap_race_guard_discards",
      help: "Late recognition results discarded by the race guard (from the database)",
      registers,
    }),
    alarmFiring: new Gauge({
      name: "mealsnap_integrity_alarm_firing",
      help: "1 while an integrity alarm fires, as of the last check-alarms run (from the database)",
      labelNames: ["alarm"] as const,
      registers,
    }),
    outboxPending: new Gauge({
      name: "mealsnap_job_outbox_pending",
      help: "Job events not yet accepted by the engine (from the database)",
      registers,
    }),
    outboxOldestAge: new Gauge({
      name: "mealsnap_job_outbox_oldest_pending_seconds",
      help: "Age of the oldest job event not yet accepted by the engine, 0 when none (from the database)",
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// One set per process: route bundles may each load this module, and a metric registers once.
const holder = globalThis as typeof globalThis & { mealsnapMetrics?: Metrics };

export function metrics(): Metrics {
  holder.mealsnapMetrics ??= createMetrics();
  return holder.mealsnapMetrics;
}
