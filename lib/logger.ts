import pino from "pino";
import { config } from "@/lib/config";

/** Structured JSON logs (DESIGN §7): operators grep the `msg` markers and read ids from fields. */
export const logger = pino({
  level: config().LOG_LEVEL,
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
});

export type Logger = typeof logger;
