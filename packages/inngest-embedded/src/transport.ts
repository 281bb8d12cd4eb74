import { parseRetryAfter } from "./durations";
import { canonicalJson, signBody } from "./signing";
import type { EventPayload, OutgoingOp, SerializedError, StepState } from "./types";
import { outgoingOpSchema } from "./types";

/** Inngest's `consts.MaxStepOutputSize`. */
export const MAX_STEP_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Long enough for slow steps (e.g. model calls); a hung request then counts as a retriable error. */
const REQUEST_TIMEOUT_MS = 10 * 60_000;

export interface CallRequest {
  url: string;
  /** Every call is signed with it; the SDK refuses unsigned, wrongly signed and stale calls. */
  signingKey: string;
  serverKind: "dev" | "cloud";
  /** `"step"` for discovery, or the hashed id of one planned step to run. */
  stepId: string;
  event: EventPayload;
  steps: Record<string, StepState>;
  stack: string[];
  runId: string;
  attempt: number;
  maxAttempts: number;
  disableImmediateExecution: boolean;
  /** The `x-inngest-req-version` the SDK answered earlier in this run, echoed back. */
  version: number | undefined;
}

export type CallOutcome = { version: number | undefined } & (
  | { kind: "completed"; output: unknown }
  | { kind: "ops"; ops: OutgoingOp[]; noRetry: boolean; retryAfterMs: number | undefined }
  | { kind: "error"; retriable: boolean; error: SerializedError; retryAfterMs: number | undefined }
);

export function toSerializedError(value: unknown, fallbackMessage: string): SerializedError {
  if (value && typeof value === "object" && "message" in value && typeof value.message === "string") {
    const record = value as Record<string, unknown>;
    return {
      ...record,
      name: typeof record.name === "string" ? record.name : "Error",
      message: value.message,
    };
  }
  return { name: "Error", message: typeof value === "string" && value ? value : fallbackMessage };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** Inngest measures a step's output as the JSON of its `data` (or `error`). */
function outputTooLarge(op: OutgoingOp): boolean {
  const output = op.data ?? op.error;
  return output !== undefined && Buffer.byteLength(JSON.stringify(output) ?? "") > MAX_STEP_OUTPUT_BYTES;
}

/**
 * One request of Inngest's call loop. Checkpointing stays off because `ctx.fn_id` is never sent,
 * so every answer is a single classic 200 / 206 / 4xx-5xx.
 */
export async function callFunction(request: CallRequest): Promise<CallOutcome> {
  const url = new URL(request.url);
  url.searchParams.set("stepId", request.stepId);
  const body = {
    event: request.event,
    events: [request.event],
    steps: request.steps,
    ctx: {
      run_id: request.runId,
      attempt: request.attempt,
      max_attempts: request.maxAttempts,
      disable_immediate_execution: request.disableImmediateExecution,
      use_api: false,
      stack: { stack: request.stack, current: request.stack.length },
    },
    ...(request.version === undefined ? {} : { version: request.version }),
  };
  // The canonical text is sent as is, so the bytes signed are the bytes the SDK parses.
  const text = canonicalJson(body);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-inngest-server-kind": request.serverKind,
    "x-inngest-signature": signBody(text, request.signingKey),
  };
  if (request.version !== undefined) headers["x-inngest-req-version"] = String(request.version);

  let response: Response;
  let answer: string;
  try {
    response = await fetch(url, {
      method: "POST",
      headers,
      body: text,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    answer = await response.text();
  } catch (err) {
    const error = toSerializedError(err, "request to app failed");
    return { kind: "error", retriable: true, error, retryAfterMs: undefined, version: request.version };
  }

  const versionHeader = Number(response.headers.get("x-inngest-req-version") ?? Number.NaN);
  const version = Number.isFinite(versionHeader) ? versionHeader : request.version;
  const noRetry = response.headers.get("x-inngest-no-retry") === "true";
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());
  const payload = parseJson(answer);

  if (response.status === 200) return { kind: "completed", output: payload, version };
  if (response.status === 206) {
    const ops = outgoingOpSchema.array().safeParse(Array.isArray(payload) ? payload : [payload]);
    const tooLarge = ops.success ? ops.data.find(outputTooLarge) : undefined;
    if (tooLarge) {
      // Inngest's `GeneratorOpcode.Validate` refuses the whole answer; the call counts as failed.
      const message = `error validating generator opcode ${tooLarge.id}: step output size is greater than the limit`;
      return { kind: "error", retriable: true, error: { name: "Error", message }, retryAfterMs, version };
    }
    if (ops.success) return { kind: "ops", ops: ops.data, noRetry, retryAfterMs, version };
    const error = { name: "Error", message: `app answered 206 with unreadable ops: ${ops.error.message}` };
    return { kind: "error", retriable: true, error, retryAfterMs, version };
  }
  const error = toSerializedError(payload, `app answered HTTP ${response.status}`);
  return { kind: "error", retriable: !noRetry, error, retryAfterMs, version };
}
