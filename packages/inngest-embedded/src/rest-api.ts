import { isValid as isUlid, ulid } from "ulid";
import { z } from "zod";
import type { CelEvaluator } from "./cel";
import type { EventIntake } from "./events";
import { toRunView } from "./inspection";
import type { Registry } from "./registry";
import type { RunStore } from "./run-store";
import type { Runner } from "./runner";
import { outgoingOpSchema } from "./types";

/** Inngest's `apiv1` bounds for `GET /v1/events`. */
const DEFAULT_EVENTS = 20;
const MAX_EVENTS = 51;

/** An error answered as Inngest's `publicerr.Error`: `{"error": message, "status": code}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RestDeps {
  registry: Registry;
  intake: EventIntake;
  runner: Runner;
  store: RunStore;
  cel: CelEvaluator;
  /** Dev-server mode: the SDK, in dev mode, checkpoints without a bearer. */
  devServer: boolean;
  /** Reads of events and runs (user data in their payloads and outputs) require the bearer too. */
  runDataNeedsKey: boolean;
}

export interface RestRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  /** Only read by routes that change state, after the bearer was checked. */
  body: () => Promise<unknown>;
  /** Whether the request carries the signing key's bearer, as Inngest's REST API requires. */
  authorized: boolean;
}

/** What a route answers: a status and a JSON body in Inngest's `{data, metadata}` envelope. */
export interface RestAnswer {
  status: number;
  body: unknown;
}

const envelope = (data: unknown): RestAnswer => ({
  status: 200,
  body: { data, metadata: { fetched_at: new Date().toISOString(), cached_until: null } },
});

function ulidParam(value: string, what: string): string {
  const id = decodeURIComponent(value);
  if (!isUlid(id)) throw new HttpError(400, `Invalid ${what} ID: ${id}`);
  return id;
}

const isoTime = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));

/** Inngest's `CreateCancellationBody`, with its validation messages. */
const required = (field: string) =>
  z.string({ error: `${field} is required` }).min(1, `${field} is required`);
const cancellationSchema = z.object({
  app_id: required("app_id"),
  function_id: required("function_id"),
  started_after: isoTime.optional(),
  started_before: z.iso.datetime({ offset: true, error: "started_before is required" }).transform(Date.parse),
  if: z.string().optional(),
});

/** The subset of Inngest's REST API v1 the executor answers; undefined when no route matches. */
export async function handleRest(req: RestRequest, deps: RestDeps): Promise<RestAnswer | undefined> {
  const { method, pathname, query } = req;
  const requireReadAuth = () => {
    if (deps.runDataNeedsKey) requireAuth(req);
  };
  if (method === "GET" && pathname === "/v1/events") {
    requireReadAuth();
    return listEvents(query, deps);
  }

  const eventRuns = pathname.match(/^\/v1\/events\/([^/]+)\/runs$/)?.[1];
  if (method === "GET" && eventRuns) {
    requireReadAuth();
    return envelope(deps.store.forEvent(ulidParam(eventRuns, "event")).map(toRunView));
  }

  const runParam = pathname.match(/^\/v1\/runs\/([^/]+)$/)?.[1];
  if (runParam && (method === "GET" || method === "DELETE")) {
    if (method === "DELETE") requireAuth(req);
    else requireReadAuth();
    const runId = ulidParam(runParam, "run");
    const run = deps.store.get(runId);
    if (!run) throw new HttpError(404, `Unable to load function run: ${runId}`);
    if (method === "GET") return envelope(toRunView(run));
    deps.runner.cancelRun(run);
    return { status: 200, body: undefined };
  }

  if (method === "POST" && pathname === "/v1/cancellations") {
    requireAuth(req);
    return createCancellation(await req.body(), deps);
  }

  const checkpointRun = pathname.match(/^\/v1\/checkpoint\/([^/]+)\/async$/)?.[1];
  if (method === "POST" && checkpointRun) {
    if (!deps.devServer) requireAuth(req);
    return checkpointSteps(ulidParam(checkpointRun, "run"), await req.body(), deps);
  }
  return undefined;
}

function requireAuth(req: RestRequest): void {
  if (!req.authorized) throw new HttpError(401, "No auth found");
}

/** The SDK's `checkpointStepsAsync` body; `fn_id`, `request_id`, `ts` and the rest are not needed. */
const asyncCheckpointSchema = z.object({ qi_id: z.string(), steps: outgoingOpSchema.array() });

/** `POST /v1/checkpoint/:runId/async`: 200 with no body once the steps are memoized. */
function checkpointSteps(runId: string, body: unknown, { runner, store }: RestDeps): RestAnswer {
  const parsed = asyncCheckpointSchema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, `invalid request body: ${parsed.error.issues[0]?.message}`);
  const run = store.get(runId);
  // A run this executor does not know was dispatched by another (e.g. before a restart): stale.
  if (!run) throw new HttpError(409, `stale dispatch: run ${runId} not found`);
  const answer = runner.checkpoint(run, parsed.data.qi_id, parsed.data.steps);
  if (answer.status !== 200) throw new HttpError(answer.status, answer.message);
  return { status: 200, body: undefined };
}

function listEvents(query: URLSearchParams, { intake }: RestDeps): RestAnswer {
  const limit = Math.min(Math.max(Number(query.get("limit")) || DEFAULT_EVENTS, 1), MAX_EVENTS);
  const cursor = query.get("cursor") ?? undefined;
  if (cursor !== undefined && !isUlid(cursor)) throw new HttpError(400, "Invalid cursor query parameter");
  const name = query.get("name") || undefined;
  const events = intake.list({ name, limit, before: cursor });
  return envelope(events);
}

function createCancellation(body: unknown, { registry, runner, cel }: RestDeps): RestAnswer {
  const parsed = cancellationSchema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((issue) => issue.message).join("\n"));
  const { app_id, function_id, started_after, started_before, if: condition } = parsed.data;
  if (started_before > Date.now() + 5_000) throw new HttpError(400, "started_before must be in the past");
  if (started_after !== undefined && started_after > started_before) {
    throw new HttpError(400, "started_after must be before started_before");
  }
  // The SDK registers `<app id>-<function id>`; Inngest accepts the function's own id with its app.
  const fn = registry.get(`${app_id}-${function_id}`) ?? registry.get(function_id);
  if (!fn || fn.appName !== app_id) throw new HttpError(404, "function not found");
  if (condition && !cel.compiles(condition)) throw new HttpError(400, `invalid expression: ${condition}`);
  runner.cancelMany(fn, { after: started_after, before: started_before }, condition);
  return envelope({
    id: ulid(),
    created_at: new Date().toISOString(),
    app_id,
    function_id: fn.config.id,
    started_after: started_after === undefined ? null : new Date(started_after).toISOString(),
    started_before: new Date(started_before).toISOString(),
    if: condition ?? null,
    kind: "bulk_run",
    type: "api",
  });
}
