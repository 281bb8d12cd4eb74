import type { CelEvaluator } from "./cel";
import { ExpiringMap } from "./expiring-map";
import type { RegisteredFunction } from "./registry";
import type { ConcurrencyConfig, EventPayload } from "./types";

/** Inngest's retry backoff table (its server's `pkg/backoff`): retry n waits entry n-1, then the last. */
export const INNGEST_RETRY_BACKOFF_MS = [15, 30, 60, 120, 300, 600, 1_200, 2_400, 3_600, 7_200].map(
  (seconds) => seconds * 1000,
);
/** Inngest adds up to this much random jitter to each delay. */
export const INNGEST_RETRY_JITTER_MS = 30_000;

/** The delay before retry number `attempt` (1-based), without jitter. */
export const inngestRetryBaseMs = (attempt: number): number =>
  INNGEST_RETRY_BACKOFF_MS[Math.min(Math.max(attempt, 1), INNGEST_RETRY_BACKOFF_MS.length) - 1] ?? 0;

/** The default: Inngest's table plus its jitter, so local runs age the way production runs do. */
export const defaultRetryBackoffMs = (attempt: number): number =>
  inngestRetryBaseMs(attempt) + Math.floor(Math.random() * INNGEST_RETRY_JITTER_MS);

export interface ConcurrencySlot {
  key: string;
  limit: number;
}

function concurrencyConfigs(fn: RegisteredFunction): ConcurrencyConfig[] {
  const { concurrency } = fn.config;
  if (concurrency === undefined) return [];
  if (typeof concurrency === "number") return [{ limit: concurrency }];
  return Array.isArray(concurrency) ? concurrency : [concurrency];
}

/** Resolves a run's concurrency slots once, from its triggering event. */
export function concurrencySlots(
  fn: RegisteredFunction,
  event: EventPayload,
  cel: CelEvaluator,
): ConcurrencySlot[] {
  return concurrencyConfigs(fn)
    .filter((config) => config.limit > 0)
    .map((config) => {
      const value = config.key ? (cel.key(config.key, { event }) ?? "<unresolved>") : "";
      // `fn` scope (the default) keys per function; env/account share the key across functions.
      const scope = config.scope && config.scope !== "fn" ? config.scope : `fn:${fn.config.id}`;
      return { key: `${scope}|${config.key ?? ""}|${value}`, limit: config.limit };
    });
}

/**
 * Counting semaphores per concurrency key. A slot is held only while a request to the app is in
 * flight, so sleeping or waiting runs never block others (as on Inngest).
 */
export class ConcurrencyLimiter {
  private readonly keys = new Map<string, { active: number; waiters: Array<() => void> }>();

  async acquire(slots: ConcurrencySlot[]): Promise<() => void> {
    // Fixed order per function config, so two-key functions cannot deadlock each other.
    for (const slot of slots) await this.acquireOne(slot);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const slot of slots) this.releaseOne(slot.key);
    };
  }

  private acquireOne({ key, limit }: ConcurrencySlot): Promise<void> {
    let state = this.keys.get(key);
    if (!state) {
      state = { active: 0, waiters: [] };
      this.keys.set(key, state);
    }
    if (state.active < limit) {
      state.active += 1;
      return Promise.resolve();
    }
    const queue = state.waiters;
    return new Promise((resolve) => queue.push(resolve));
  }

  private releaseOne(key: string): void {
    const state = this.keys.get(key);
    if (!state) return;
    const next = state.waiters.shift();
    if (next) {
      next(); // hand the slot over without decrementing
      return;
    }
    state.active -= 1;
    if (state.active === 0) this.keys.delete(key);
  }
}

const DAY_MS = 86_400_000;

/** Function-level `idempotency`: one run per key value per function for 24 h. */
export class IdempotencyGuard {
  private readonly keys = new ExpiringMap<true>(DAY_MS, 200_000);

  constructor(private readonly cel: CelEvaluator) {}

  /** Records the key and returns true if the run may start. */
  admit(fn: RegisteredFunction, event: EventPayload): boolean {
    const expression = fn.config.idempotency;
    if (!expression) return true;
    const value = this.cel.key(expression, { event });
    if (value === undefined) return true;
    const key = `${fn.config.id}|${value}`;
    if (this.keys.has(key)) return false;
    this.keys.set(key, true);
    return true;
  }
}
