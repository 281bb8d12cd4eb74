import "server-only";
import { z } from "zod";

const booleanFlag = z
  .enum(["1", "0", "true", "false"])
  .transform((value) => value === "1" || value === "true");

const optionalUrl = z.url().optional();

/** Every environment variable the app reads (DESIGN §10), validated once at start. */
const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
      .optional(),
    PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
    BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    BETTER_AUTH_URL: optionalUrl,
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
    INNGEST_DEV: z.string().optional(),
    INNGEST_BASE_URL: optionalUrl,
    INNGEST_EVENT_KEY: z.string().optional(),
    INNGEST_SIGNING_KEY: z.string().optional(),
    INNGEST_EMBEDDED_ALLOW_PRODUCTION: booleanFlag.default(false),
    INNGEST_EMBEDDED_PORT: z.coerce.number().int().min(1).max(65535).default(8288),
    // A fixed retry delay for the embedded executor (tests); unset: Inngest's backoff table.
    INNGEST_EMBEDDED_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
    RECOGNITION_PROVIDER: z.enum(["demo", "openai"]).default("demo"),
    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: optionalUrl,
    RECOGNITION_MODEL: z.string().default("gpt-4o-mini"),
    DEMO_RECOGNITION_LATENCY_MS: z.coerce.number().int().min(0).max(600_000).default(1500),
    DEMO_RECOGNITION_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
    RECOGNITION_CONCURRENCY_PER_USER: z.coerce.number().int().min(1).max(50).default(2),
    RECOGNITION_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
    STUCK_PHOTO_TIMEOUT_S: z.coerce.number().int().min(5).default(120),
    // New attempts started for a photo whose run is gone (crash, lost event) before it is failed.
    RECOGNITION_MAX_RECOVERIES: z.coerce.number().int().min(0).max(10).default(3),
    STORAGE_DRIVER: z.enum(["disk", "s3"]).default("disk"),
    STORAGE_DIR: z.string().min(1).default(".data/uploads"),
    S3_BUCKET: z.string().optional(),
    S3_ENDPOINT: optionalUrl,
    S3_REGION: z.string().default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: booleanFlag.default(false),
    MAX_UPLOAD_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(15 * 1024 * 1024),
    MAX_IMAGE_PIXELS: z.coerce.number().int().min(1_000_000).default(50_000_000),
    // Requests per minute; 0 turns a limit off. Uploads and cancels per user, sign-in/up per address.
    RATE_LIMIT_UPLOADS_PER_MINUTE: z.coerce.number().int().min(0).default(120),
    RATE_LIMIT_CANCELS_PER_MINUTE: z.coerce.number().int().min(0).default(300),
    RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(0).default(20),
    LOG_FILE: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.ADMIN_EMAIL && !env.ADMIN_PASSWORD) {
      ctx.addIssue({ code: "custom", path: ["ADMIN_PASSWORD"], message: "is required with ADMIN_EMAIL" });
    }
    if (env.RECOGNITION_PROVIDER === "openai" && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["OPENAI_API_KEY"],
        message: "is required with RECOGNITION_PROVIDER=openai (or set OPENAI_BASE_URL for a local endpoint)",
      });
    }
    if (env.NODE_ENV === "production" && env.DATABASE_URL && !env.BETTER_AUTH_SECRET) {
      // Each instance would generate its own secret and sessions would not carry across them.
      ctx.addIssue({
        code: "custom",
        path: ["BETTER_AUTH_SECRET"],
        message: "is required in production with a shared DATABASE_URL",
      });
    }
    if (env.STORAGE_DRIVER === "s3" && !env.S3_BUCKET) {
      ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "is required with STORAGE_DRIVER=s3" });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (`DATABASE_URL=`) means unset, as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  return result.data;
}

let cached: Config | undefined;

export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Re-reads the environment on the next `config()` call (tests that change a variable). */
export function reloadConfig(): void {
  cached = undefined;
}

/** True when an external Inngest server (dev server, self-hosted or Cloud) is configured. */
export function usesExternalInngest(env: Config = config()): boolean {
  return Boolean(env.INNGEST_DEV || env.INNGEST_BASE_URL || env.INNGEST_SIGNING_KEY);
}

export function appBaseUrl(env: Config = config()): string {
  return env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`;
}

/** Origins whose browsers may call the API: the public URL and this port on loopback. */
export function trustedOrigins(env: Config = config()): string[] {
  return [
    ...new Set([
      new URL(appBaseUrl(env)).origin,
      `http://localhost:${env.PORT}`,
      `http://127.0.0.1:${env.PORT}`,
    ]),
  ];
}
