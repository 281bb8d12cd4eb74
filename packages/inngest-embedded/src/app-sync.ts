import type { Logger } from "./types";

export interface SyncOptions {
  /** Give up after this long; `next dev` compiles the route on first hit, which can be slow. */
  deadlineMs: number;
  retryBackoffMs: (attempt: number) => number;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * Triggers the SDK's out-of-band sync (`PUT <serve url>`), which makes it POST its functions to
 * our `/fn/register`. Retries until the app answers 2xx, so it can be started before the app.
 */
export async function syncApp(appUrl: string, options: SyncOptions): Promise<void> {
  const deadline = Date.now() + options.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    let failure: string;
    try {
      const response = await fetch(appUrl, { method: "PUT", signal: options.signal });
      const text = await response.text();
      if (response.ok) {
        options.logger.info({ appUrl }, "app sync requested");
        return;
      }
      failure = `HTTP ${response.status}: ${text.slice(0, 300)}`;
    } catch (err) {
      if (options.signal.aborted) throw err;
      failure = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) throw new Error(`could not sync ${appUrl}: ${failure}`);
    options.logger.debug({ appUrl, attempt, failure }, "app not ready for sync; retrying");
    await new Promise((resolve) => setTimeout(resolve, Math.max(250, options.retryBackoffMs(attempt))));
  }
}
