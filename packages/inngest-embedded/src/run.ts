import { ulid } from "ulid";
import type { ConcurrencySlot } from "./flow-control";
import type { RegisteredFunction } from "./registry";
import type { OutgoingOp, ReceivedEvent, RunStatus, SerializedError, StepState } from "./types";

const MAX_TIMELINE_ENTRIES = 200;
/** setTimeout's ceiling (~24.8 days); longer sleeps re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the inspection page and API show per step. */
export interface TimelineEntry {
  at: number;
  stepId: string;
  name: string;
  /** The SDK's op, or `Finalization` for the function's own end (its return or error). */
  op: string;
  outcome: "ok" | "error" | "retrying" | "waiting" | "discarded" | "cancelled";
  /** 0-based attempt the entry reports, when it reports one. */
  attempt?: number;
  detail?: string;
}

/** The op of timeline entries that report the function's own end, as Inngest's trace names it. */
export const FINALIZATION = "Finalization";

/** A timeline entry with the result it reported, for the dev server's trace outputs. */
export interface RecordedEntry extends TimelineEntry {
  /** Per run, never reused, so an output stays addressable after older entries are dropped. */
  seq: number;
  output?: StepState;
}

/** Mutable state of one function run. Orchestration lives in the Runner. */
export class Run {
  readonly id = ulid();
  readonly createdAt = Date.now();
  status: RunStatus = "Queued";
  startedAt: number | undefined;
  endedAt: number | undefined;
  output: unknown = null;
  error: SerializedError | undefined;

  /** Memoized results keyed by the op id the SDK reported; first write wins. */
  readonly steps: Record<string, StepState> = {};
  /** Op ids in completion order, sent as `ctx.stack.stack`. */
  readonly stack: string[] = [];
  /** Ops started but not yet memoized: running, sleeping, waiting or invoking. */
  readonly pending = new Set<string>();
  /**
   * Calls in flight by their `ctx.qi_id`: only these may checkpoint steps. `checkpointed` is set
   * once one did, which (as Inngest resets the queue item's attempts) restarts the call's retries.
   */
  readonly dispatches = new Map<string, { attempt: number; checkpointed: boolean }>();
  /** Attempt counters per op id, plus `"step"` for function-level retries. */
  readonly attempts = new Map<string, number>();
  readonly timers = new Set<NodeJS.Timeout>();
  readonly timeline: RecordedEntry[] = [];
  private recorded = 0;

  /** Once parallelism shows up the SDK must only plan, or it could run a sibling step twice. */
  disableImmediateExecution = false;
  /** `x-inngest-req-version` from the SDK, echoed on later calls. */
  version: number | undefined;
  discovering = false;
  rediscover = false;

  readonly parent: { run: Run; op: OutgoingOp } | undefined;
  readonly startSeq: number;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    readonly fn: RegisteredFunction,
    readonly trigger: ReceivedEvent,
    readonly slots: ConcurrencySlot[],
    origin: {
      /** Set when started by `step.invoke`: the parent run and the op awaiting this run. */
      parent?: { run: Run; op: OutgoingOp } | undefined;
      /** Arrival number of the newest event when the run was created: only later events cancel it. */
      startSeq: number;
    },
  ) {
    this.parent = origin.parent;
    this.startSeq = origin.startSeq;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  get finished(): boolean {
    return this.status === "Completed" || this.status === "Failed" || this.status === "Cancelled";
  }

  isKnownOp(opId: string): boolean {
    return opId in this.steps || this.pending.has(opId);
  }

  /** Returns false when the op already had a result (duplicate report). */
  memoize(opId: string, state: StepState): boolean {
    this.pending.delete(opId);
    if (opId in this.steps) return false;
    this.steps[opId] = state;
    this.stack.push(opId);
    return true;
  }

  /** Timers owned by the run, all cleared when it settles. */
  later(delayMs: number, action: () => void): void {
    const chunk = Math.min(Math.max(0, delayMs), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (delayMs > chunk) this.later(delayMs - chunk, action);
      else action();
    }, chunk);
    this.timers.add(timer);
  }

  record(entry: Omit<RecordedEntry, "at" | "seq">): void {
    this.recorded += 1;
    this.timeline.push({ at: Date.now(), seq: this.recorded, ...entry });
    if (this.timeline.length > MAX_TIMELINE_ENTRIES) this.timeline.shift();
  }

  settle(status: "Completed" | "Failed" | "Cancelled", output: unknown, error?: SerializedError): void {
    this.status = status;
    this.endedAt = Date.now();
    this.output = output;
    this.error = error;
    this.pending.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.resolveDone();
  }
}
