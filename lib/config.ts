import "server-only";
import { isIP } from "node:net";
import { SIGNING_KEY_FORMAT } from "@mealsnap/inngest-embedded/signing";
import { z } from "zod";

const booleanFlag = z
  .enum(["1", "0", "true", "false"])
  .transform((value) => value === "1" || value === "true");

const optionalUrl = z.url().optional();

/** `https://app.example.com`: a scheme, host and optional port, nothing after. */
const origin = z
  .url({ protocol: /^https?$/, message: "must be an http(s):// origin" })
  .refine(
    (value) => {
      const url = new URL(value);
      return url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
    },
    { message: "must be an origin only (scheme, host, port), without a path, query or credentials" },
  )
  .transform((value) => new URL(value).origin);

const otlpEndpoint = z.url({
  protocol: /^https?$/,
  message: "must be an http(s):// URL (the collector's OTLP/HTTP port)",
});

// The OTLP/HTTP encodings the app ships exporters for; gRPC (port 4317) is not one of them.
const otlpProtocol = z.enum(["http/protobuf", "http/json"], {
  message: "must be http/protobuf or http/json (gRPC is not supported: use the collector's HTTP port, 4318)",
});

/** `10.0.0.1, 10.1.0.0/16, ::1`: addresses and CIDR ranges, IPv4 or IPv6. */
const addressList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .refine((entries) => entries.every(isAddressOrRange), {
    message: "must be a comma-separated list of IP addresses or CIDR ranges",
  });

function isAddressOrRange(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * INNGEST_DEV read as the SDK reads it (helpers/env.js `parseAsBoolean`, `Inngest.explicitDevUrl`):
 * `1`/`true` on, `0`/`false` off, anything else the dev server's URL (scheme optional). A value the
 * SDK would silently ignore is refused.
 */
export function parseInngestDev(value: string): boolean | undefined {
  const flag = value.trim().toLowerCase();
  if (flag === "1" || flag === "true") return true;
  if (flag === "0" || flag === "false") return false;
  return URL.canParse(value.includes("://") ? value : `http://${value}`) ? true : undefined;
}

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
    DATABASE_PREPARED_STATEMENTS: booleanFlag.default(true),
    BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    BETTER_AUTH_URL: optionalUrl,
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
    INNGEST_DEV: z
      .string()
      .transform((value, ctx) => {
        const dev = parseInngestDev(value);
        if (dev === undefined) {
          ctx.addIssue({
            code: "custom",
            message: "must be 1, true, 0, false or the Inngest dev server's URL",
          });
          return z.NEVER;
        }
        return dev;
      })
      .default(false),
    INNGEST_DEV_ALLOW_PRODUCTION: booleanFlag.default(false),
    INNGEST_BASE_URL: optionalUrl,
    INNGEST_EVENT_KEY: z.string().optional(),
    INNGEST_SIGNING_KEY: z.string().optional(),
    // Where an external Inngest calls the app (its serve URL's origin); unset: BETTER_AUTH_URL's.
    INNGEST_SERVE_ORIGIN: origin.optional(),
    INNGEST_EMBEDDED_ALLOW_PRODUCTION: booleanFlag.default(false),
    INNGEST_EMBEDDED_PORT: z.coerce.number().int().min(1).max(65535).default(8288),
    INNGEST_EMBEDDED_URL: optionalUrl,
    INNGEST_EMBEDDED_SIGNING_KEY: z
      .string()
      .regex(
        SIGNING_KEY_FORMAT,
        "must be signkey-<name>-<hex>, e.g. signkey-embedded-$(openssl rand -hex 32)",
      )
      .optional(),
    INNGEST_EMBEDDED_EVENT_KEY: z.string().min(32, "must be at least 32 characters").optional(),
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
    // Requests per minute; 0 turns a limit off. Uploads and cancels per user, sign-in/up per client address.
    // How long a signed session cookie stands in for the session lookup: sign-out, a password
    // change's revocation of other sessions and a session deleted by an operator reach a client
    // that replays its old cookies within this many seconds. 0 looks every session up.
    SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    RATE_LIMIT_UPLOADS_PER_MINUTE: z.coerce.number().int().min(0).default(120),
    RATE_LIMIT_CANCELS_PER_MINUTE: z.coerce.number().int().min(0).default(300),
    RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(0).default(20),
    // Sign-in attempts per account (its email), whatever address they come from.
    RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().min(0).default(30),
    // Proxies in front of the app; only their X-Forwarded-For entries are believed.
    TRUSTED_PROXIES: addressList.default([]),
    // Bearer token of GET /metrics; unset → the route answers 404.
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    // Slack-compatible incoming webhook: integrity alarms turning on or off are posted there.
    ALERT_WEBHOOK_URL: optionalUrl,
    // OpenTelemetry traces (docs/OPERATIONS.md "Traces"): exported over OTLP/HTTP when an endpoint
    // is set; unset, the SDK is not loaded at all. The exporter reads the OTLP variables itself.
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint.optional(),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpEndpoint.optional(),
    OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol.optional(),
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol.optional(),
    OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: z.string().optional(),
    OTEL_EXPORTER_OTLP_TIMEOUT: z.coerce.number().int().min(1).optional(),
    OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: z.coerce.number().int().min(1).optional(),
    OTEL_TRACES_EXPORTER: z.enum(["otlp", "none"]).optional(),
    OTEL_SDK_DISABLED: booleanFlag.default(false),
    OTEL_SERVICE_NAME: z.string().min(1).default("mealsnap"),
    OTEL_RESOURCE_ATTRIBUTES: z.string().optional(),
    OTEL_TRACES_SAMPLER: z
      .enum([
        "always_on",
        "always_off",
        "traceidratio",
        "parentbased_always_on",
        "parentbased_always_off",
        "parentbased_traceidratio",
      ])
      .optional(),
    OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
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
    refuseHalfRightJobs(env, (path, message) => ctx.addIssue({ code: "custom", path: [path], message }));
  });

/** Job settings that would run half-configured: signed in one place and not the other, or unsigned. */
function refuseHalfRightJobs(env: Config, refuse: (variable: string, message: string) => void): void {
  if (env.INNGEST_DEV && env.NODE_ENV === "production" && !env.INNGEST_DEV_ALLOW_PRODUCTION) {
    refuse(
      "INNGEST_DEV",
      "selects an unsigned Inngest dev server: refused with NODE_ENV=production unless INNGEST_DEV_ALLOW_PRODUCTION=1",
    );
  }
  if (!env.INNGEST_DEV && env.INNGEST_BASE_URL && !env.INNGEST_SIGNING_KEY) {
    refuse(
      "INNGEST_SIGNING_KEY",
      "is required with INNGEST_BASE_URL (or set INNGEST_DEV=1 for a dev server)",
    );
  }
  if (env.INNGEST_SIGNING_KEY && !env.INNGEST_EVENT_KEY) {
    refuse("INNGEST_EVENT_KEY", "is required with INNGEST_SIGNING_KEY");
  }
  if (!env.INNGEST_DEV && env.INNGEST_EVENT_KEY && !env.INNGEST_SIGNING_KEY) {
    refuse(
      "INNGEST_SIGNING_KEY",
      "is required with INNGEST_EVENT_KEY: an event key alone selects no Inngest server",
    );
  }
  if (env.INNGEST_SERVE_ORIGIN && !usesExternalInngest(env)) {
    refuse(
      "INNGEST_SERVE_ORIGIN",
      "is read only with an external Inngest (INNGEST_DEV, INNGEST_BASE_URL or INNGEST_SIGNING_KEY): the embedded executor calls the app on loopback",
    );
  }
  if (
    env.NODE_ENV === "production" &&
    env.INNGEST_SIGNING_KEY &&
    !env.INNGEST_SERVE_ORIGIN &&
    !env.BETTER_AUTH_URL
  ) {
    refuse(
      "INNGEST_SERVE_ORIGIN",
      "(or BETTER_AUTH_URL) is required with INNGEST_SIGNING_KEY in production: it is where Inngest calls the app",
    );
  }
  const { INNGEST_EMBEDDED_SIGNING_KEY: signingKey, INNGEST_EMBEDDED_EVENT_KEY: eventKey } = env;
  if (signingKey && !eventKey)
    refuse("INNGEST_EMBEDDED_EVENT_KEY", "is required with INNGEST_EMBEDDED_SIGNING_KEY");
  if (eventKey && !signingKey)
    refuse("INNGEST_EMBEDDED_SIGNING_KEY", "is required with INNGEST_EMBEDDED_EVENT_KEY");
  if (env.INNGEST_EMBEDDED_URL && !(signingKey && eventKey)) {
    refuse(
      "INNGEST_EMBEDDED_URL",
      "(another process's executor) needs that executor's INNGEST_EMBEDDED_SIGNING_KEY and INNGEST_EMBEDDED_EVENT_KEY",
    );
  }
  if (usesExternalInngest(env) && (signingKey || eventKey || env.INNGEST_EMBEDDED_URL)) {
    refuse(
      "INNGEST_EMBEDDED_*",
      "configure the embedded executor, which does not run with INNGEST_DEV, INNGEST_BASE_URL or INNGEST_SIGNING_KEY set",
    );
  }
}

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
export function usesExternalInngest(
  env: Pick<Config, "INNGEST_DEV" | "INNGEST_BASE_URL" | "INNGEST_SIGNING_KEY"> = config(),
): boolean {
  return Boolean(env.INNGEST_DEV || env.INNGEST_BASE_URL || env.INNGEST_SIGNING_KEY);
}

/** True when traces are exported: an OTLP endpoint is set and neither the SDK nor the exporter is off. */
export function tracesExported(env: Config = config()): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Boolean(endpoint) && !env.OTEL_SDK_DISABLED && env.OTEL_TRACES_EXPORTER !== "none";
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
