import "server-only";
import type { EmbeddedExecutor } from "@mealsnap/inngest-embedded";

// Per process, on globalThis: Next.js may evaluate this module in more than one bundle.
const holder = globalThis as unknown as {
  __mealsnapExecutor?: Promise<EmbeddedExecutor | null>;
  __mealsnapExecutorStarted?: EmbeddedExecutor;
};

/** Starts this process's embedded executor with `start`, once; null when the jobs run elsewhere. */
export function startLocalExecutor(start: () => Promise<EmbeddedExecutor | null>) {
  holder.__mealsnapExecutor ??= start().then((executor) => {
    if (executor) holder.__mealsnapExecutorStarted = executor;
    return executor;
  });
  return holder.__mealsnapExecutor;
}

/** The embedded executor this process runs (lib/server-start.ts), or null. */
export function localExecutor(): Promise<EmbeddedExecutor | null> {
  return holder.__mealsnapExecutor ?? Promise.resolve(null);
}

/**
 * The executor once it has started, without waiting: a request made while it starts (the app's
 * sync, which its start may wait for) must not wait for that start.
 */
export function startedLocalExecutor(): EmbeddedExecutor | undefined {
  return holder.__mealsnapExecutorStarted;
}
