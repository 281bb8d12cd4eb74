import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3300);
// A fresh embedded database and photo folder for every run of the suite.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-e2e-"));
/** The server's JSON log lines, which specs read for DESIGN §7 markers. */
export const SERVER_LOG = process.env.E2E_SERVER_LOG ?? path.join(dataDir, "server.log");
process.env.E2E_SERVER_LOG = SERVER_LOG;
/** Created (or promoted) at the server's start; the admin spec signs in with it. */
process.env.E2E_ADMIN_EMAIL ??= "admin@mealsnap.test";
process.env.E2E_ADMIN_PASSWORD ??= "admin-password-e2e";
/** Short, so specs can wait out the bound within which a revoked session still answers (DESIGN §5). */
process.env.E2E_SESSION_CACHE_SECONDS ??= "2";
/** Every recognition's save step waits at a file gate here until the spec releases it. */
export const SAVE_GATE_DIR = process.env.E2E_SAVE_GATE_DIR ?? path.join(dataDir, "save-gate");
process.env.E2E_SAVE_GATE_DIR = SAVE_GATE_DIR;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.E2E_JSON_REPORT ?? path.join(dataDir, "report.json") }],
  ],
  outputDir: "test-results",
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    command: `npm start -- -p ${PORT}`,
    url: `http://localhost:${PORT}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(PORT),
      BETTER_AUTH_URL: `http://localhost:${PORT}`,
      BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-012345",
      PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
      STORAGE_DIR: path.join(dataDir, "uploads"),
      DATABASE_URL: "",
      LOG_LEVEL: "info",
      LOG_FILE: SERVER_LOG,
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? "",
      INNGEST_EMBEDDED_PORT: String(PORT + 1000),
      DEMO_RECOGNITION_LATENCY_MS: "300",
      // Every spec signs up a fresh user from this one address.
      RATE_LIMIT_AUTH_PER_MINUTE: "0",
      SESSION_CACHE_SECONDS: process.env.E2E_SESSION_CACHE_SECONDS,
      ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      RECOGNITION_SAVE_GATE_DIR: SAVE_GATE_DIR,
    },
  },
});
