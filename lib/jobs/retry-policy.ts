import "server-only";
import { INNGEST_RETRY_JITTER_MS, inngestRetryBaseMs } from "@mealsnap/inngest-embedded";
import { config, usesExternalInngest } from "@/lib/config";

/**
 * The latest a step's retry number `retry` (1-based) can start: the provider's Retry-After when
 * it gave one, else the engine's backoff at its largest jitter (Inngest's table, or the embedded
 * executor's configured delay). The sweeper never fails a photo whose retry is not yet due.
 */
export function latestRetryDelayMs(retry: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const fixed = config().INNGEST_EMBEDDED_RETRY_BACKOFF_MS;
  if (fixed !== undefined && !usesExternalInngest()) return fixed;
  return inngestRetryBaseMs(retry) + INNGEST_RETRY_JITTER_MS;
}

/** The embedded executor's retry delay: the configured one (tests), else Inngest's default. */
export function embeddedRetryBackoff(): ((attempt: number) => number) | undefined {
  const fixed = config().INNGEST_EMBEDDED_RETRY_BACKOFF_MS;
  return fixed === undefined ? undefined : () => fixed;
}
