import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { freePort, startExecutor, stopJobs } from "./jobs";
import { createDatabaseFromTemplate, databaseUrl } from "./postgres-test-databases";

// Each test file gets its own database (a PGlite in memory, or a fresh Postgres database) and its
// own storage folder, so files run in parallel without seeing each other's rows.
const template = inject("postgresTemplate");
const serverUrl = process.env.TEST_POSTGRES_URL;
if (template && serverUrl) {
  process.env.DATABASE_URL = databaseUrl(serverUrl, await createDatabaseFromTemplate(serverUrl, template));
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DATA_DIR = "memory://";
}
process.env.STORAGE_DIR = mkdtempSync(path.join(os.tmpdir(), "mealsnap-test-storage-"));
process.env.BETTER_AUTH_SECRET = "test-secret-test-secret-test-secret-0123";
process.env.BETTER_AUTH_URL = "http://localhost:3000";
process.env.LOG_LEVEL ??= "silent";
process.env.DEMO_RECOGNITION_LATENCY_MS ??= "0";
// Suites sign up many users from one address; the rate-limit tests turn the limits back on.
process.env.RATE_LIMIT_AUTH_PER_MINUTE ??= "0";
process.env.RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_HOUR ??= "0";
process.env.RATE_LIMIT_UPLOADS_PER_MINUTE ??= "0";
process.env.RATE_LIMIT_CANCELS_PER_MINUTE ??= "0";

// The app's Inngest client reads the executor's port when first imported, its keys when first needed.
await startExecutor(await freePort());

afterAll(async () => {
  await stopJobs();
  const { closeDb } = await import("@/db/client");
  await closeDb();
});
