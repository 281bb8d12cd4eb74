import "server-only";
import type { EmbeddedExecutor, InProcessApp } from "@mealsnap/inngest-embedded";

// Per process, on globalThis: Next.js may evaluate this module in more than one bundle.
const holder = globalThis as unknown as {
  __mealsnapExecutor?: Promise<EmbeddedExecutor | null>;
  __mealsnapExecutorStarted?: EmbeddedExecutor;
  __mealsnapJobEndpoint?: InProcessApp;
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

/**
 * Offered by the job endpoint's route module (app/api/inngest) once Next.js has loaded it: this
 * process's executor then hands its calls straight to the route's handler (DESIGN §9).
 */
export function offerJobEndpoint(endpoint: InProcessApp): void {
  holder.__mealsnapJobEndpoint = endpoint;
}

/**
 * For this process's executor: the offered job endpoint for a call to the app's serve URL
 * `servedAt`, else undefined, and the call goes over HTTP (another app, or the endpoint's module
 * not loaded yet: the executor's first request, the sync, loads it).
 */
export function jobEndpointAt(servedAt: string): (url: string) => InProcessApp | undefined {
  const { origin, pathname } = new URL(servedAt);
  return (url) => {
    const target = new URL(url);
    return target.origin === origin && target.pathname === pathname
      ? holder.__mealsnapJobEndpoint
      : undefined;
  };
}
