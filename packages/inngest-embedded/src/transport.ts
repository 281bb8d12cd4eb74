import type { IncomingHttpHeaders } from "node:http";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { parseRetryAfter, within } from "./durations";
import { canonicalJson, signBody } from "./signing";
import type { EventPayload, OutgoingOp, SerializedError, StepState } from "./types";
import { outgoingOpSchema } from "./types";

/** Inngest's `consts.MaxStepOutputSize`. */
export const MAX_STEP_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Long enough for slow steps (e.g. model calls); a hung request then counts as a retriable error. */
const REQUEST_TIMEOUT_MS = 10 * 60_000;

/**
 * The `serve()` handler of an app in the executor's own process (a fetch-style handler, as
 * `inngest/next` or `inngest/edge` make): a call to it is handed over as a `Request`, signed as
 * over HTTP, with no socket between them.
 */
export type InProcessApp = (request: Request) => Promise<Response>;

export interface CallRequest {
  url: string;
  /** Set when the app at `url` runs in this process: the call is made to it in process. */
  inProcess?: InProcessApp;
  /** Every call is signed with it; the SDK refuses unsigned, wrongly signed and stale calls. */
  signingKey: string;
  serverKind: "dev" | "cloud";
  /** `"step"` for discovery, or the hashed id of one planned step to run. */
  stepId: string;
  event: EventPayload;
  steps: Record<string, StepState>;
  stack: string[];
  runId: string;
  /** `ctx.fn_id`: with it (and `qi_id`) the SDK checkpoints the steps it runs during discovery. */
  fnId: string;
  /** `ctx.qi_id`: this call's dispatch, which `POST /v1/checkpoint/:runId/async` must name. */
  dispatchId: string;
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
export function outputTooLarge(op: OutgoingOp): boolean {
  const output = op.data ?? op.error;
  return output !== undefined && Buffer.byteLength(JSON.stringify(output) ?? "") > MAX_STEP_OUTPUT_BYTES;
}

// Kept-alive sockets to the apps, reused call after call.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

interface Answer {
  status: number;
  header(name: string): string | null;
  text: string;
}

const noAnswerWithin = (timeoutMs: number) => new Error(`no answer from the app within ${timeoutMs} ms`);

/**
 * POSTs with node:http rather than fetch: a call costs about 1.3 ms less CPU (undici's WHATWG
 * request, headers and body streams), which a run pays once per step. Rejects on a network error
 * and when the whole exchange outlives `timeoutMs`.
 */
function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Answer> {
  const https = url.protocol === "https:";
  return new Promise((resolve, reject) => {
    const request = (https ? httpsRequest : httpRequest)(
      url,
      {
        method: "POST",
        agent: https ? httpsAgent : httpAgent,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: response.statusCode ?? 0,
            header: (name) => header(response.headers, name),
            text,
          });
        });
      },
    );
    const timer = setTimeout(() => request.destroy(noAnswerWithin(timeoutMs)), timeoutMs);
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

/**
 * The same exchange with an app in this process: its handler gets the request a socket would have
 * carried (URL, headers, body) and answers a `Response`. Rejects when the handler throws and when
 * its answer outlives `timeoutMs`, as a network error would.
 */
function postInProcess(
  app: InProcessApp,
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Answer> {
  const exchange = async (): Promise<Answer> => {
    // With the Host header a socket would carry: adapters build the serve URL from it.
    const request = new Request(url, { method: "POST", headers: { ...headers, host: url.host }, body });
    const response = await app(request);
    const text = await response.text();
    return { status: response.status, header: (name) => response.headers.get(name), text };
  };
  return within(exchange(), timeoutMs, () => noAnswerWithin(timeoutMs));
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return value === undefined ? null : String(value);
}

/**
 * One request of Inngest's call loop. The answer is a classic 200 / 206 / 4xx-5xx; a discovery
 * call may have checkpointed steps before it (`Runner.checkpoint`) and then ends with a 206 whose
 * last op is `RunComplete`.
 */
export async function callFunction(request: CallRequest): Promise<CallOutcome> {
  const url = new URL(request.url);
  url.searchParams.set("stepId", request.stepId);
  const body = {
    event: request.event,
    events: [request.event],
    steps: request.steps,
    ctx: {
      fn_id: request.fnId,
      qi_id: request.dispatchId,
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

  let response: Answer;
  try {
    response = request.inProcess
      ? await postInProcess(request.inProcess, url, headers, text, REQUEST_TIMEOUT_MS)
      : await post(url, headers, text, REQUEST_TIMEOUT_MS);
  } catch (err) {
    const error = toSerializedError(err, "request to app failed");
    return { kind: "error", retriable: true, error, retryAfterMs: undefined, version: request.version };
  }

  const versionHeader = Number(response.header("x-inngest-req-version") ?? Number.NaN);
  const version = Number.isFinite(versionHeader) ? versionHeader : request.version;
  const noRetry = response.header("x-inngest-no-retry") === "true";
  const retryAfterMs = parseRetryAfter(response.header("retry-after"), Date.now());
  const payload = parseJson(response.text);

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
