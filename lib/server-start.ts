import "server-only";
import { type EmbeddedExecutor, startEmbeddedExecutor } from "@mealsnap/inngest-embedded";
import { getDb } from "@/db/client";
import { bootstrapAdmin } from "@/lib/auth/bootstrap-admin";
import { config, usesExternalInngest } from "@/lib/config";
import { appServeUrl } from "@/lib/jobs/client";
import { embeddedExecutorKeys } from "@/lib/jobs/keys";
import { logger } from "@/lib/logger";
import { getStorage } from "@/lib/storage";

const globalExecutor = globalThis as unknown as { __mealsnapExecutor?: Promise<EmbeddedExecutor | null> };

/**
 * Starts the embedded executor beside the app when no Inngest server is configured and no other
 * process runs one for it (DESIGN §10), once per process, and syncs the app's `serve()` endpoint.
 */
function startExecutorForApp(): Promise<EmbeddedExecutor | null> {
  globalExecutor.__mealsnapExecutor ??= (async () => {
    const env = config();
    if (usesExternalInngest() || env.INNGEST_EMBEDDED_URL) return null;
    return startEmbeddedExecutor({
      keys: embeddedExecutorKeys(),
      port: env.INNGEST_EMBEDDED_PORT,
      appUrls: [appServeUrl()],
      allowProduction: env.INNGEST_EMBEDDED_ALLOW_PRODUCTION,
      logger: logger.child({ component: "inngest-embedded" }),
    });
  })();
  return globalExecutor.__mealsnapExecutor;
}

/**
 * Runs once when the server starts (instrumentation.ts): validates the configuration (a bad value
 * stops the app, naming the variable), opens the database (the embedded one migrates itself),
 * checks the storage driver, creates or promotes the admin, and starts the embedded executor
 * when no Inngest server is configured.
 */
export async function startServer(): Promise<void> {
  const env = config();
  await getDb();
  getStorage();
  await bootstrapAdmin();
  const executor = await startExecutorForApp();
  logger.info(
    {
      database: env.DATABASE_URL ? "postgres" : "pglite",
      storage: env.STORAGE_DRIVER,
      jobs: executor
        ? `embedded executor at ${executor.url}`
        : (env.INNGEST_EMBEDDED_URL ?? "external Inngest"),
    },
    "Mealsnap server ready",
  );
}
