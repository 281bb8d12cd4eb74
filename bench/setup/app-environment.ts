import { randomBytes } from "node:crypto";
import { BENCH_PASSWORD } from "../seed";

/** The app's environment: production server, embedded jobs, 0 ms demo recognizer, real Postgres. */
export function appEnvironment(databaseUrl: string, port: number, jobsPort: number, storageDir: string) {
  return {
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
    INNGEST_EMBEDDED_ALLOW_PRODUCTION: "1",
    INNGEST_EMBEDDED_PORT: String(jobsPort),
    INNGEST_DEV: "",
    INNGEST_BASE_URL: "",
    INNGEST_EVENT_KEY: "",
    INNGEST_SIGNING_KEY: "",
    RECOGNITION_PROVIDER: "demo",
    DEMO_RECOGNITION_LATENCY_MS: "0",
    DEMO_RECOGNITION_FAILURE_RATE: "0",
    // The cancel benchmark's in-flight photos have no run; the sweeper must not fail them meanwhile.
    STUCK_PHOTO_TIMEOUT_S: "3600",
    STORAGE_DRIVER: "disk",
    STORAGE_DIR: storageDir,
    LOG_LEVEL: "warn",
    // The load comes from one user per scenario: per-user limits would answer 429, not measure.
    RATE_LIMIT_UPLOADS_PER_MINUTE: "0",
    RATE_LIMIT_CANCELS_PER_MINUTE: "0",
    RATE_LIMIT_AUTH_PER_MINUTE: "0",
    ADMIN_EMAIL: "bench-admin@bench.example",
    ADMIN_PASSWORD: BENCH_PASSWORD,
  };
}
