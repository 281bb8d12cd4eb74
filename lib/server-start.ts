import "server-only";
import { getDb } from "@/db/client";
import { startExecutorForApp } from "@/inngest/embedded/start-for-app";
import { bootstrapAdmin } from "@/lib/auth/bootstrap-admin";
import { config } from "@/lib/config";
import { logger } from "@/lib/logger";
import { getStorage } from "@/lib/storage";

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
      jobs: executor ? `embedded executor at ${executor.url}` : "external Inngest",
    },
    "Mealsnap server ready",
  );
}
