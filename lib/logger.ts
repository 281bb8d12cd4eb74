import "server-only";
import pino from "pino";
import { withoutSqlParameters } from "@/db/error-text";
import { config } from "@/lib/config";

/** Structured JSON logs (DESIGN §7): operators grep the `msg` markers and read ids from fields. */
const { LOG_LEVEL, LOG_FILE } = config();

/**
 * Drizzle and the drivers put a failed query's text and parameters (session tokens, emails,
 * payloads) in their errors' messages and fields: a logged error keeps its kind, code and stack
 * but never those, at any depth of its causes.
 */
function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  const clean: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === "params" || key === "query" || key === "parameters") continue;
    clean[key] =
      typeof field === "string" && (key === "message" || key === "stack")
        ? withoutSqlParameters(field)
        : scrub(field, depth + 1);
  }
  return clean;
}

export function serializeError(error: unknown): unknown {
  return scrub(error instanceof Error ? pino.stdSerializers.errWithCause(error) : error);
}

export const logger = pino(
  {
    level: LOG_LEVEL,
    base: { service: "mealsnap" },
    serializers: { err: serializeError },
    redact: {
      paths: [
        "*.password",
        "*.token",
        "*.cookie",
        "*.authorization",
        "headers.cookie",
        "headers.authorization",
      ],
      censor: "[redacted]",
    },
  },
  // LOG_FILE: append the JSON lines to a file instead of stdout (log shippers, test harnesses).
  LOG_FILE ? pino.destination({ dest: LOG_FILE, append: true, mkdir: true, sync: true }) : undefined,
);

export type Logger = typeof logger;
