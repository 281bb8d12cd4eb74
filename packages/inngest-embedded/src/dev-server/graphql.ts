import { buildSchema, type ExecutionResult, graphql } from "graphql";
import type { EventIntake, ListedEvent } from "../events";
import { iso } from "../inspection";
import type { RegisteredFunction } from "../registry";
import type { Run } from "../run";
import type { RunStore } from "../run-store";
import { toSerializedError } from "../transport";
import { RUN_STATUS, runTrace, spanOutput } from "./trace";

/**
 * The part of the Inngest dev server's schema (`pkg/coreapi/gql.*.graphql`) that its SDK's test
 * helpers query: the event list and stream, a run's trace and a span's output. Types keep the
 * dev server's names and nullability; fields the executor has no data for are left out, so a
 * query asking for them fails validation instead of getting made-up values.
 */
const schema = buildSchema(`
  scalar Time
  scalar ULID
  scalar Bytes
  scalar Unknown

  type Query {
    events(query: EventsQuery!): [Event!]
    stream(query: StreamQuery!): [StreamItem!]!
    run(runID: String!): FunctionRunV2
    runTraceSpanOutputByID(outputID: String!): RunTraceSpanOutput!
  }

  input EventsQuery { workspaceId: ID! = "local", lastEventId: ID }
  input StreamQuery { after: ID, before: ID, limit: Int! = 20, includeInternalEvents: Boolean }

  type Event { id: ULID!, externalID: String, name: String, createdAt: Time, payload: String, raw: String }

  enum StreamType { EVENT CRON }
  type StreamItem { id: ID!, trigger: String!, type: StreamType!, createdAt: Time!, runs: [FunctionRun], inBatch: Boolean! }

  type Function { id: String!, name: String!, slug: String!, url: String! }

  enum FunctionRunStatus { COMPLETED FAILED CANCELLED RUNNING QUEUED SKIPPED }
  type FunctionRun {
    id: ID!, functionID: String!, function: Function, status: FunctionRunStatus,
    startedAt: Time, finishedAt: Time, output: String, eventID: ID!
  }
  type FunctionRunV2 {
    id: ULID!, function: Function!, queuedAt: Time!, startedAt: Time, endedAt: Time,
    status: FunctionRunStatus!, triggerIDs: [ULID!]!, eventName: String, output: Bytes,
    trace(preview: Boolean): RunTraceSpan
  }

  enum RunTraceSpanStatus { FAILED QUEUED RUNNING COMPLETED WAITING CANCELLED SKIPPED }
  enum StepOp { INVOKE RUN SLEEP WAIT_FOR_EVENT AI_GATEWAY WAIT_FOR_SIGNAL }
  type RunTraceSpan {
    runID: ULID!, spanID: String!, name: String!, status: RunTraceSpanStatus!, attempts: Int,
    duration: Int, outputID: String, queuedAt: Time!, startedAt: Time, endedAt: Time,
    childrenSpans: [RunTraceSpan!]!, stepOp: StepOp, stepID: String, stepType: String!, isRoot: Boolean!
  }

  type StepError { message: String!, name: String, stack: String, cause: Unknown }
  type RunTraceSpanOutput { data: Bytes, error: StepError }
`);

export interface GraphqlDeps {
  intake: EventIntake;
  store: RunStore;
}

/** Inngest's internal events (`inngest/function.finished`, …), hidden unless asked for. */
const isInternal = (name: string) => name.startsWith("inngest/");
/** The dev server lists at most this many events (`cqrs.MaxEvents`). */
const MAX_EVENTS = 1_000;

function functionOf(fn: RegisteredFunction) {
  return { id: fn.config.id, name: fn.config.name ?? fn.config.id, slug: fn.config.id, url: fn.url };
}

/** JSON of the run's return value, or of its error when it failed, as the dev server stores it. */
const runOutput = (run: Run) =>
  run.finished ? JSON.stringify(run.status === "Failed" ? run.error : run.output) : null;

function functionRun(run: Run) {
  return {
    id: run.id,
    functionID: run.fn.config.id,
    function: functionOf(run.fn),
    status: RUN_STATUS[run.status],
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.endedAt),
    output: runOutput(run),
    eventID: run.trigger.internalId,
  };
}

function event(listed: ListedEvent) {
  const { internal_id, id, name, data, ts } = listed;
  return {
    id: internal_id,
    externalID: id === internal_id ? null : id,
    name,
    createdAt: new Date(ts).toISOString(),
    payload: JSON.stringify(data),
    raw: JSON.stringify({ name, data, id, ts }),
  };
}

function rootValue({ intake, store }: GraphqlDeps) {
  return {
    events: () => intake.list({ limit: MAX_EVENTS }).map(event),
    stream: ({ query }: { query: { limit: number; includeInternalEvents?: boolean | null } }) =>
      intake
        .list({
          limit: query.limit,
          where: (name) => query.includeInternalEvents === true || !isInternal(name),
        })
        .map((listed) => ({
          id: listed.internal_id,
          trigger: listed.name,
          type: "EVENT",
          createdAt: new Date(listed.ts).toISOString(),
          runs: store.forEvent(listed.internal_id).map(functionRun),
          inBatch: false,
        })),
    run: ({ runID }: { runID: string }) => {
      const run = store.get(runID);
      if (!run) return null;
      return {
        id: run.id,
        function: functionOf(run.fn),
        queuedAt: iso(run.createdAt),
        startedAt: iso(run.startedAt),
        endedAt: iso(run.endedAt),
        status: RUN_STATUS[run.status],
        triggerIDs: [run.trigger.internalId],
        eventName: run.trigger.payload.name,
        output: runOutput(run),
        trace: () => runTrace(run),
      };
    },
    runTraceSpanOutputByID: ({ outputID }: { outputID: string }) => {
      const output = spanOutput(store, outputID);
      if (!output) throw new Error(`no output with id ${outputID}`);
      if ("data" in output) return { data: JSON.stringify(output.data ?? null), error: null };
      const { name, message, stack, cause } = toSerializedError(output.error, "unknown error");
      return { data: null, error: { name, message, stack: stack ?? null, cause: cause ?? null } };
    },
  };
}

/** Runs one GraphQL request; `status` is 422 when the query did not parse or validate, as gqlgen answers. */
export async function executeGraphql(
  json: unknown,
  deps: GraphqlDeps,
): Promise<{ status: number; body: ExecutionResult }> {
  const request = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  const body = await graphql({
    schema,
    source: typeof request.query === "string" ? request.query : "",
    rootValue: rootValue(deps),
    variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof request.operationName === "string" ? request.operationName : undefined,
  });
  return { status: body.data === undefined && body.errors ? 422 : 200, body };
}
