import "server-only";
import { getDb } from "@/db/client";
import { bootstrapAdmin } from "@/lib/auth/bootstrap-admin";
import { config } from "@/lib/config";
import { logger } from "@/lib/logger";
import { getStorage } from "@/lib/storage";

/**
 * Runs once when the server starts (instrumentation.ts): validates the configuration (a bad value
 * stops the app, naming the variable), opens the database (the embedded one migrates itself),
 * checks the storage driver and creates or promotes the admin.
 */
export async function startServer(): Promise<void> {
  const env = config();
  await getDb();
  getStorage();
  await bootstrapAdmin();
  logger.info(
    { database: env.DATABASE_URL ? "postgres" : "pglite", storage: env.STORAGE_DRIVER },
    "Mealsnap server ready",
  );
}
