import "server-only";
import type { EmbeddedExecutor } from "@mealsnap/inngest-embedded";

// Per process, on globalThis: Next.js may evaluate this module in more than one bundle.
const holder = globalThis as unknown as { __mealsnapExecutor?: Promise<EmbeddedExecutor | null> };

/** Starts this process's embedded executor with `start`, once; null when the jobs run elsewhere. */
export function startLocalExecutor(start: () => Promise<EmbeddedExecutor | null>) {
  holder.__mealsnapExecutor ??= start();
  return holder.__mealsnapExecutor;
}

/** The embedded executor this process runs (lib/server-start.ts), or null. */
export function localExecutor(): Promise<EmbeddedExecutor | null> {
  return holder.__mealsnapExecutor ?? Promise.resolve(null);
}
