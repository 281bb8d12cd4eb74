import "server-only";
import type { ExecutorKeys } from "@mealsnap/inngest-embedded";
import { type ClientOptions, Inngest } from "inngest";
import { appBaseUrl, type Config, config, usesExternalInngest } from "@/lib/config";
import { embeddedExecutorKeys } from "@/lib/jobs/keys";
import { startedLocalExecutor } from "@/lib/jobs/local-executor";
import { logger } from "@/lib/logger";

/** This process's executor, or the one another process runs (INNGEST_EMBEDDED_URL). */
export function embeddedInngestUrl(): string {
  const env = config();
  return env.INNGEST_EMBEDDED_URL ?? `http://127.0.0.1:${env.INNGEST_EMBEDDED_PORT}`;
}

/** The job endpoint's route (app/api/inngest). */
const JOB_ENDPOINT_PATH = "/api/inngest";

/**
 * The one URL Inngest calls this app's `serve()` endpoint at, pinned by configuration so that no
 * request's `Host` decides where jobs go: this port on loopback for the embedded executor; for an
 * external Inngest, INNGEST_SERVE_ORIGIN, else the public URL's origin (BETTER_AUTH_URL).
 */
export function appServeUrl(env: Config = config()): string {
  const origin = usesExternalInngest(env)
    ? (env.INNGEST_SERVE_ORIGIN ?? new URL(appBaseUrl(env)).origin)
    : `http://127.0.0.1:${env.PORT}`;
  return new URL(JOB_ENDPOINT_PATH, origin).href;
}

let keys: ExecutorKeys | undefined;
const lazyKeys = (): ExecutorKeys => {
  keys ??= embeddedExecutorKeys();
  return keys;
};

/**
 * The SDK's requests (events, checkpoints) reach an executor this process runs in process, with
 * no socket between them; an executor elsewhere, or this one while it starts, over HTTP.
 */
const viaLocalExecutor = ((input, init) =>
  (startedLocalExecutor()?.fetch ?? fetch)(input, init)) as typeof fetch;

/**
 * With INNGEST_DEV / INNGEST_BASE_URL / INNGEST_SIGNING_KEY set, the SDK reads them itself (a real
 * Inngest dev server, self-hosted Inngest or Inngest Cloud); otherwise the app talks to the
 * embedded executor as to a self-hosted Inngest: cloud mode, so the SDK refuses every call to
 * `/api/inngest` that the executor did not sign.
 */
function clientOptions(): ClientOptions {
  const common = {
    id: "mealsnap",
    logger: logger.child({ component: "inngest" }),
  };
  if (usesExternalInngest()) return common;
  return {
    ...common,
    isDev: false,
    baseUrl: embeddedInngestUrl(),
    fetch: viaLocalExecutor,
    // Getters: the SDK keeps this object and reads a key when it needs one, so the keys (and their
    // files beside the data) are made at run time, not when `next build` imports this module.
    get signingKey() {
      return lazyKeys().signingKey;
    },
    get eventKey() {
      return lazyKeys().eventKey;
    },
  };
}

export const inngest = new Inngest(clientOptions());
