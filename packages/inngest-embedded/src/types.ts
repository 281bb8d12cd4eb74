import { z } from "zod";

/** Pino-compatible logger subset; the executor never needs more. */
export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
}

const concurrencySchema = z.object({
  limit: z.number(),
  key: z.string().optional(),
  scope: z.enum(["fn", "env", "account"]).optional(),
});

/**
 * A function config as the SDK posts it to `/fn/register`. Parsed loosely (unknown keys kept)
 * because newer SDKs add options; the executor only reads what it implements.
 */
export const functionConfigSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  /** Either `{event, expression?}` or `{cron}`. */
  triggers: z.array(
    z.looseObject({
      event: z.string().optional(),
      expression: z.string().optional(),
      cron: z.string().optional(),
    }),
  ),
  steps: z.record(
    z.string(),
    z.looseObject({
      runtime: z.looseObject({ type: z.string(), url: z.string() }),
      retries: z.object({ attempts: z.number().optional() }).optional(),
    }),
  ),
  idempotency: z.string().optional(),
  cancel: z
    .array(z.object({ event: z.string(), if: z.string().optional(), timeout: z.string().optional() }))
    .optional(),
  timeouts: z.object({ start: z.string().optional(), finish: z.string().optional() }).optional(),
  concurrency: z.union([z.number(), concurrencySchema, z.array(concurrencySchema)]).optional(),
});
export type FunctionConfig = z.infer<typeof functionConfigSchema>;
export type ConcurrencyConfig = z.infer<typeof concurrencySchema>;

export const registerBodySchema = z.looseObject({
  url: z.string(),
  appName: z.string().min(1),
  functions: z.array(functionConfigSchema),
});

export const incomingEventSchema = z.looseObject({
  name: z.string().min(1),
  data: z.record(z.string(), z.unknown()).optional(),
  id: z.string().optional(),
  ts: z.number().optional(),
  user: z.unknown().optional(),
  v: z.string().optional(),
});

/** An event as stored and handed to functions. */
export interface EventPayload {
  name: string;
  data: Record<string, unknown>;
  id: string;
  ts: number;
  [extra: string]: unknown;
}

/** An event accepted by the executor, with its arrival order for "received after" checks. */
export interface ReceivedEvent {
  /** The ULID `POST /e/<key>` answers; Inngest's REST API finds events and runs by it only. */
  internalId: string;
  seq: number;
  receivedAt: number;
  payload: EventPayload;
}

/** One op the SDK reports in a 206 answer. */
export const outgoingOpSchema = z.looseObject({
  id: z.string().min(1),
  op: z.string(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
  opts: z.record(z.string(), z.unknown()).optional(),
});
export type OutgoingOp = z.infer<typeof outgoingOpSchema>;

/** Memoized step state as sent back to the SDK in `steps`. */
export type StepState = { data: unknown } | { error: unknown };

export type RunStatus = "Queued" | "Running" | "Completed" | "Failed" | "Cancelled";

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  [extra: string]: unknown;
}
