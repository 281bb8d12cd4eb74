import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { syncApp } from "./app-sync";
import { AppUrls } from "./app-urls";
import { CelEvaluator } from "./cel";
import { CronScheduler } from "./cron";
import { within } from "./durations";
import { EventIntake } from "./events";
import { ConcurrencyLimiter, defaultRetryBackoffMs, IdempotencyGuard } from "./flow-control";
import { type RunView, toRunView } from "./inspection";
import { isLoopback } from "./loopback";
import { Registry } from "./registry";
import { RunStore } from "./run-store";
import { Runner } from "./runner";
import { createRequestHandlers } from "./server";
import type { ExecutorKeys } from "./signing";
import type { InProcessApp } from "./transport";
import type { Logger } from "./types";

export { INNGEST_RETRY_JITTER_MS, inngestRetryBaseMs } from "./flow-control";
export type { RunView } from "./inspection";
export type { TimelineEntry } from "./run";
export type { ExecutorKeys } from "./signing";
export { generateEventKey, generateSigningKey, SIGNING_KEY_FORMAT } from "./signing";
export type { InProcessApp } from "./transport";
export type { Logger } from "./types";

export interface EmbeddedExecutorOptions {
  /**
   * Signs every call to the apps, and is required on sync (as its hashed bearer) and on
   * `POST /e/<event key>`: the apps' clients run in cloud mode with the same keys.
   */
  keys: ExecutorKeys;
  /** Loopback only; default `127.0.0.1`. */
  host?: string;
  /** Default 8288 (the Inngest dev server's port); 0 picks a free port. */
  port?: number;
  /**
   * `serve()` endpoints synced at start, retried in the background until the app answers. With
   * the URLs later passed to `sync()`, the only ones a sync may register (but in dev-server mode).
   */
  appUrls?: string[];
  /** Delay before retry number `attempt` (1-based). Default Inngest's: 15 s, 30 s, 1 min, 2 min … + 0–30 s jitter. */
  retryBackoffMs?: (attempt: number) => number;
  /** Where the executor logs; silent when not given. */
  logger?: Logger;
  /** Allow starting under NODE_ENV=production (single-instance deployments). */
  allowProduction?: boolean;
  /** Finished runs kept for inspection; default 5,000. */
  maxRuns?: number;
  /**
   * Stand in for the Inngest dev server (`inngest-cli dev`) for tools written against it: syncs
   * without a signing key, events under any key, and the dev server's `GET /dev` and `POST /v0/gql`
   * (the subset its SDK's integration suite queries). None of that is authenticated, so it is
   * refused under NODE_ENV=production whatever `allowProduction` says.
   */
  devServer?: boolean;
  /**
   * The `serve()` handler for a function's URL when that app runs in this process, else undefined
   * (asked at each call, so an app may offer its handler once it has loaded). The executor then
   * hands it each call as a `Request` instead of sending it over HTTP: the same URL, headers,
   * signature and body, and the same reading of the answer.
   */
  appInProcess?: (url: string) => InProcessApp | undefined;
}

export interface EmbeddedExecutor {
  /** Origin to use as the Inngest client's `baseUrl`, e.g. `http://127.0.0.1:8288`. */
  url: string;
  port: number;
  /**
   * A `fetch` for this process's Inngest clients (the `fetch` client option, `baseUrl` = `url`):
   * their events and checkpoints are served in process, without a socket; other URLs go to the
   * global fetch. What is checked (event key, bearer) and answered is the same as over HTTP.
   */
  fetch: typeof fetch;
  close(): Promise<void>;
  /**
   * Asks the app at `appUrl` to register its functions; resolves once it has. From then on a sync
   * may register that URL.
   */
  sync(appUrl: string): Promise<void>;
  getRun(runId: string): RunView | undefined;
  /** Runs started by an event, by the ULID `inngest.send()` returned (never the sender's own `id`). */
  runsForEvent(eventId: string): RunView[];
  /** Newest first. */
  listRuns(limit?: number): RunView[];
  /** Resolves with the run once it has Completed, Failed or been Cancelled. */
  waitForRun(runId: string, timeoutMs?: number): Promise<RunView>;
  /** The queue depth: runs waiting to start (`Queued`) and runs started but not finished. */
  unfinishedRuns(): { queued: number; running: number };
}

const DEFAULT_PORT = 8288;
export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
const DEFAULT_MAX_RUNS = 5_000;
const SYNC_DEADLINE_MS = 5 * 60_000;
/** Sync retries wait for the app to come up: short, unlike step retries. */
const syncRetryBackoffMs = (attempt: number) => Math.min(250 * 2 ** (attempt - 1), 2_000);

function assertAllowed(opts: EmbeddedExecutorOptions, host: string): void {
  if (!isLoopback(host)) {
    throw new Error(`embedded Inngest executor only binds loopback hosts; refusing "${host}"`);
  }
  if (process.env.NODE_ENV === "production" && opts.devServer) {
    throw new Error(
      "embedded Inngest executor refuses dev-server mode with NODE_ENV=production: its endpoints are unauthenticated",
    );
  }
  if (process.env.NODE_ENV === "production" && !opts.allowProduction) {
    throw new Error(
      "embedded Inngest executor refuses to start with NODE_ENV=production; use Inngest Cloud or a self-hosted " +
        "Inngest server, or pass allowProduction",
    );
  }
}

/**
 * Starts an in-process server speaking Inngest's SDK protocol (sync, events, call loop), for local
 * development and tests. State is in memory only.
 */
export async function startEmbeddedExecutor(opts: EmbeddedExecutorOptions): Promise<EmbeddedExecutor> {
  const host = opts.host ?? "127.0.0.1";
  assertAllowed(opts, host);
  const logger = opts.logger ?? silentLogger;
  const retryBackoffMs = opts.retryBackoffMs ?? defaultRetryBackoffMs;

  const appUrls = new AppUrls(opts.appUrls);
  const cel = new CelEvaluator();
  const registry = new Registry(cel);
  const intake = new EventIntake();
  const store = new RunStore(opts.maxRuns ?? DEFAULT_MAX_RUNS);
  const runner = new Runner({
    registry,
    cel,
    intake,
    store,
    limiter: new ConcurrencyLimiter(),
    idempotency: new IdempotencyGuard(cel),
    retryBackoffMs,
    logger,
    signingKey: opts.keys.signingKey,
    serverKind: opts.devServer ? "dev" : "cloud",
    appInProcess: opts.appInProcess,
  });
  const cron = new CronScheduler((fn, expression) => {
    runner.start(fn, intake.internal("inngest/scheduled.timer", { cron: expression }));
  }, logger);

  const handlers = createRequestHandlers({
    registry,
    cron,
    intake,
    runner,
    store,
    logger,
    keys: opts.keys,
    cel,
    devServer: opts.devServer ?? false,
    appUrls,
    // Runs carry user data (event payloads, outputs): in production only the key holder reads them.
    runDataNeedsKey: process.env.NODE_ENV === "production",
    host,
  });
  const server = createServer(handlers.http);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const shutdown = new AbortController();
  logger.info({ url }, "embedded Inngest executor listening");

  const sync = (appUrl: string) => {
    appUrls.add(appUrl);
    return syncApp(appUrl, {
      deadlineMs: SYNC_DEADLINE_MS,
      retryBackoffMs: syncRetryBackoffMs,
      logger,
      signal: shutdown.signal,
    });
  };
  for (const appUrl of opts.appUrls ?? []) {
    sync(appUrl).catch((err: unknown) => {
      if (!shutdown.signal.aborted) logger.error({ err, appUrl }, "initial app sync failed");
    });
  }

  return {
    url,
    port,
    fetch: handlers.fetch(url),
    sync,
    getRun: (runId) => {
      const run = store.get(runId);
      return run && toRunView(run);
    },
    runsForEvent: (eventId) => store.forEvent(eventId).map(toRunView),
    listRuns: (limit = 50) => store.recent(limit).map(toRunView),
    unfinishedRuns: () => store.unfinished(),
    waitForRun: async (runId, timeoutMs = 30_000) => {
      const run = store.get(runId);
      if (!run) throw new Error(`unknown run ${runId}`);
      await within(
        run.done,
        timeoutMs,
        () => new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`),
      );
      return toRunView(run);
    },
    close: async () => {
      shutdown.abort();
      cron.stop();
      runner.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
