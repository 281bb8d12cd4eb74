import { iso } from "../inspection";
import type { RecordedEntry, Run } from "../run";
import { FINALIZATION } from "../run";
import type { RunStore } from "../run-store";
import type { StepState } from "../types";

/** The dev server's `RunTraceSpanStatus` values the executor produces. */
type SpanStatus = "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED" | "WAITING" | "CANCELLED";

/** A `RunTraceSpan` as the dev server's GraphQL API answers it (the fields the executor fills). */
export interface TraceSpan {
  runID: string;
  spanID: string;
  name: string;
  status: SpanStatus;
  /** The current 0-based attempt, as Inngest reports it. */
  attempts: number;
  outputID: string | null;
  queuedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  duration: number | null;
  stepID: string | null;
  stepOp: string | null;
  stepType: string;
  isRoot: boolean;
  childrenSpans: TraceSpan[];
}

/** Inngest's `StepOp` for each SDK op (`opcodeToGQL`). */
const STEP_OPS: Record<string, string> = {
  Step: "RUN",
  StepRun: "RUN",
  StepError: "RUN",
  StepFailed: "RUN",
  StepPlanned: "RUN",
  InvokeFunction: "INVOKE",
  Sleep: "SLEEP",
  WaitForEvent: "WAIT_FOR_EVENT",
};

/** A run's status as the dev server names it, for its trace span and its `FunctionRun` alike. */
export const RUN_STATUS: Record<Run["status"], SpanStatus> = {
  Queued: "QUEUED",
  Running: "RUNNING",
  Completed: "COMPLETED",
  Failed: "FAILED",
  Cancelled: "CANCELLED",
};

const ENTRY_STATUS: Partial<Record<RecordedEntry["outcome"], SpanStatus>> = {
  ok: "COMPLETED",
  error: "FAILED",
  retrying: "FAILED",
  waiting: "WAITING",
};

const ROOT_OUTPUT = "run";

/** Span and output ids name a run and one of its recorded entries (or the run's own result). */
function address(run: Run, key: number | typeof ROOT_OUTPUT): string {
  return `${run.id}:${key}`;
}

function span(
  run: Run,
  fields: Partial<TraceSpan> & Pick<TraceSpan, "spanID" | "name" | "status">,
): TraceSpan {
  const ended = fields.status === "COMPLETED" || fields.status === "FAILED" || fields.status === "CANCELLED";
  const startedAt = fields.startedAt ?? null;
  const endedAt = ended ? (fields.endedAt ?? null) : null;
  return {
    runID: run.id,
    attempts: 0,
    outputID: null,
    queuedAt: fields.queuedAt ?? new Date(run.createdAt).toISOString(),
    stepID: null,
    stepOp: null,
    stepType: "",
    isRoot: false,
    childrenSpans: [],
    ...fields,
    startedAt,
    endedAt,
    duration: startedAt && endedAt ? Date.parse(endedAt) - Date.parse(startedAt) : null,
  };
}

/** One step (or the finalization): its attempts as children, collapsed when a single one succeeded. */
function stepSpan(run: Run, entries: RecordedEntry[]): TraceSpan {
  const first = entries[0] as RecordedEntry;
  const last = entries[entries.length - 1] as RecordedEntry;
  const finalization = first.op === FINALIZATION;
  const tried = entries.filter((entry) => entry.outcome !== "waiting");
  const children = tried.map((entry) =>
    span(run, {
      spanID: address(run, entry.seq),
      name: `Attempt ${entry.attempt ?? 0}`,
      status: ENTRY_STATUS[entry.outcome] ?? "RUNNING",
      attempts: entry.attempt ?? 0,
      outputID: entry.output ? address(run, entry.seq) : null,
      startedAt: iso(entry.at),
      endedAt: iso(entry.at),
    }),
  );
  const withOutput = [...entries].reverse().find((entry) => entry.output);
  const stepOp = finalization ? null : (STEP_OPS[first.op] ?? null);
  const status = ENTRY_STATUS[last.outcome] ?? "RUNNING";
  const onlySuccess = children.length === 1 && status === "COMPLETED";
  return span(run, {
    spanID: address(run, first.seq),
    name: last.name,
    status: stepOp === "INVOKE" && status === "WAITING" ? "RUNNING" : status,
    attempts: Math.max(...entries.map((entry) => entry.attempt ?? 0)),
    outputID: withOutput ? address(run, withOutput.seq) : null,
    queuedAt: new Date(first.at).toISOString(),
    startedAt: iso(first.at),
    endedAt: iso(last.at),
    stepID: finalization ? null : first.stepId,
    stepOp,
    stepType: finalization ? FINALIZATION.toUpperCase() : (stepOp ?? ""),
    childrenSpans: onlySuccess ? [] : children,
  });
}

/** The run's trace as `run(runID) { trace(preview: true) }` answers it: the run, then its steps. */
export function runTrace(run: Run): TraceSpan {
  const groups = new Map<string, RecordedEntry[]>();
  for (const entry of run.timeline) {
    if (!ENTRY_STATUS[entry.outcome]) continue; // discarded answers and the cancel marker are not steps
    const key = entry.op === FINALIZATION ? FINALIZATION : entry.stepId;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return span(run, {
    spanID: run.id,
    name: run.fn.config.name ?? run.fn.config.id,
    status: RUN_STATUS[run.status],
    outputID: run.finished && run.status !== "Cancelled" ? address(run, ROOT_OUTPUT) : null,
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
    isRoot: true,
    childrenSpans: [...groups.values()].map((entries) => stepSpan(run, entries)),
  });
}

/** `runTraceSpanOutputByID`: the result a span reported, or undefined for an unknown id. */
export function spanOutput(store: RunStore, id: string): StepState | undefined {
  const separator = id.lastIndexOf(":");
  const run = store.get(id.slice(0, separator));
  const key = id.slice(separator + 1);
  if (!run) return undefined;
  if (key === ROOT_OUTPUT) return run.status === "Failed" ? { error: run.error } : { data: run.output };
  return run.timeline.find((entry) => String(entry.seq) === key)?.output;
}
