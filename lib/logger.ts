import pino from "pino";
import { config } from "@/lib/config";

/** Structured JSON logs (DESIGN §7): operators grep the `msg` markers and read ids from fields. */
const { LOG_LEVEL, LOG_FILE } = config();

export const logger = pino(
  {
    level: LOG_LEVEL,
    base: { service: "mealsnap" },
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
