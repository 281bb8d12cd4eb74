import "server-only";
import { type EmbeddedExecutor, startEmbeddedExecutor } from "@mealsnap/inngest-embedded";
import { getDb, pingDatabase } from "@/db/client";
import { bootstrapAdmin } from "@/lib/auth/bootstrap-admin";
import { config, usesExternalInngest } from "@/lib/config";
import { checkForwardedForPatch } from "@/lib/http/check-forwarded-for-patch";
import { watchDatabaseOutages } from "@/lib/http/database-outage";
import { appServeUrl } from "@/lib/jobs/client";
import { embeddedExecutorKeys } from "@/lib/jobs/keys";
import { jobEndpointAt, startLocalExecutor } from "@/lib/jobs/local-executor";
import { startOutboxRelay } from "@/lib/jobs/relay-outbox";
import { embeddedRetryBackoff } from "@/lib/jobs/retry-policy";
import { logger } from "@/lib/logger";
import { recoverAfterRestart } from "@/lib/photos/recover-after-restart";
import { getStorage } from "@/lib/storage";
import { startTracingWhenExported } from "@/lib/tracing/start-when-exported";

/**
 * Starts the embedded executor beside the app when no Inngest server is configured and no other
 * process runs one for it (DESIGN §10), once per process. The app's `serve()` endpoint is synced
 * into it by `startJobs`.
 */
function startExecutorForApp(): Promise<EmbeddedExecutor | null> {
  return startLocalExecutor(async () => {
    const env = config();
    if (usesExternalInngest() || env.INNGEST_EMBEDDED_URL) return null;
    return startEmbeddedExecutor({
      keys: embeddedExecutorKeys(),
      port: env.INNGEST_EMBEDDED_PORT,
      retryBackoffMs: embeddedRetryBackoff(),
      allowProduction: env.INNGEST_EMBEDDED_ALLOW_PRODUCTION,
      logger: logger.child({ component: "inngest-embedded" }),
      appInProcess: jobEndpointAt(appServeUrl()),
    });
  });
}

/**
 * The outbox relay runs in every instance; with the embedded executor it starts delivering once
 * the app's functions are synced (an event received before would start nothing). That executor
 * lost every run of an earlier process, so the photos those runs carried are recovered then.
 */
function startJobs(executor: EmbeddedExecutor | null, executorStartedAt: Date): void {
  if (!executor) {
    startOutboxRelay(Promise.resolve());
    return;
  }
  const synced = executor
    .sync(appServeUrl())
    .catch((error: unknown) => logger.error({ err: error }, "The embedded executor could not sync the app"));
  startOutboxRelay(synced);
  void synced
    .then(() => recoverAfterRestart(executorStartedAt))
    .then((result) => {
      if (result.recovered + result.failedPhotos > 0)
        logger.warn(result, "Recovered photos in flight after a restart");
    })
    .catch((error: unknown) => logger.error({ err: error }, "Recovery after the restart failed"));
}

/**
 * Runs once when the server starts (instrumentation.ts): validates the configuration (a bad value
 * stops the app, naming the variable), refuses to run without the patch that makes
 * X-Forwarded-For trustworthy, registers OpenTelemetry when traces are exported, opens the
 * database (the embedded one migrates itself), checks the storage driver, creates or promotes the
 * admin, and starts the embedded executor when no Inngest server is configured.
 */
export async function startServer(): Promise<void> {
  const env = config();
  await checkForwardedForPatch();
  // Before the database opens (its driver is traced only then); unset, the SDK is never loaded.
  const tracing = await startTracingWhenExported(env);
  await getDb();
  watchDatabaseOutages(pingDatabase);
  getStorage();
  await bootstrapAdmin();
  const executorStartedAt = new Date();
  const executor = await startExecutorForApp();
  startJobs(executor, executorStartedAt);
  logger.info(
    {
      database: env.DATABASE_URL ? "postgres" : "pglite",
      storage: env.STORAGE_DRIVER,
      traces: tracing ? "exported over OTLP" : "off",
      jobs: executor
        ? `embedded executor at ${executor.url}`
        : (env.INNGEST_EMBEDDED_URL ?? "external Inngest"),
    },
    "Mealsnap server ready",
  );
}
