import { ulid } from "ulid";
import type { CelEvaluator } from "./cel";
import { parseDuration, resolveWakeTime } from "./durations";
import type { EventIntake } from "./events";
import type { ConcurrencyLimiter, IdempotencyGuard } from "./flow-control";
import { concurrencySlots } from "./flow-control";
import type { RegisteredFunction, Registry } from "./registry";
import { eventNameMatches } from "./registry";
import { FINALIZATION, Run } from "./run";
import type { RunStore } from "./run-store";
import type { CallOutcome, InProcessApp } from "./transport";
import { callFunction, outputTooLarge, toSerializedError } from "./transport";
import type { Logger, OutgoingOp, ReceivedEvent, SerializedError, StepState } from "./types";

/** Runs these start emit no lifecycle events of their own (Inngest's finalize skips them). */
const LIFECYCLE_TRIGGERS = new Set(["inngest/function.finished", "inngest/function.failed"]);

/** The SDK's step id for "run the function and report what you find". */
const DISCOVERY = "step";

/** Ops a call may checkpoint, as Inngest's async checkpoint accepts them (sync steps only). */
const CHECKPOINTABLE = new Set(["StepRun", "Step", "StepPlanned"]);

/** What `POST /v1/checkpoint/:runId/async` answers. */
export type CheckpointAnswer = { status: 200 } | { status: 400 | 409 | 413; message: string };

export interface RunnerDeps {
  registry: Registry;
  cel: CelEvaluator;
  intake: EventIntake;
  store: RunStore;
  limiter: ConcurrencyLimiter;
  idempotency: IdempotencyGuard;
  retryBackoffMs: (attempt: number) => number;
  logger: Logger;
  signingKey: string;
  /** `x-inngest-server-kind` sent on every call: `dev` in dev-server mode, else `cloud`. */
  serverKind: "dev" | "cloud";
  /** `EmbeddedExecutorOptions.appInProcess`. */
  appInProcess?: (url: string) => InProcessApp | undefined;
}

interface EventWaiter {
  run: Run;
  op: OutgoingOp;
  condition: string | undefined;
  /** Only events that arrive after the wait was registered can match. */
  afterSeq: number;
}

interface CallResult {
  stepId: string;
  attempt: number;
  /** Whether the call checkpointed a step before it answered. */
  checkpointed: boolean;
  outcome: CallOutcome;
}

/**
 * Drives runs through Inngest's call loop: asks the app what to do next (discovery), runs planned
 * steps, memoizes results, and handles sleeps, waits, invokes, retries and cancellation.
 */
export class Runner {
  private readonly active = new Set<Run>();
  private readonly waiters = new Set<EventWaiter>();
  private closed = false;

  constructor(private readonly deps: RunnerDeps) {}

  /** Routes an accepted event: cancels runs, resumes waits, then starts triggered functions. */
  dispatch(event: ReceivedEvent): void {
    if (this.closed) return;
    this.cancelMatching(event);
    this.resumeWaiters(event);
    for (const fn of this.deps.registry.triggeredBy(event.payload)) this.start(fn, event);
  }

  start(fn: RegisteredFunction, event: ReceivedEvent, parent?: Run["parent"]): Run | undefined {
    if (this.closed) return undefined;
    if (!this.deps.idempotency.admit(fn, event.payload)) {
      this.deps.logger.info(
        { fnId: fn.config.id, eventId: event.internalId },
        "run skipped: idempotency key seen",
      );
      return undefined;
    }
    const run = new Run(fn, event, concurrencySlots(fn, event.payload, this.deps.cel), {
      parent,
      startSeq: this.deps.intake.lastSeq,
    });
    this.deps.store.add(run);
    this.active.add(run);
    const startTimeout = parseDuration(fn.config.timeouts?.start ?? "");
    if (startTimeout !== undefined) {
      run.later(startTimeout, () => {
        if (run.status === "Queued") this.cancel(run, "timeouts.start exceeded");
      });
    }
    this.deps.logger.debug({ runId: run.id, fnId: fn.config.id, event: event.payload.name }, "run queued");
    this.discover(run);
    return run;
  }

  /** Settles every unfinished run without emitting events; in-flight answers are dropped. */
  close(): void {
    this.closed = true;
    for (const run of this.active) {
      run.settle("Cancelled", null, { name: "ExecutorClosed", message: "the embedded executor shut down" });
    }
    this.active.clear();
    this.waiters.clear();
  }

  // ---- the call loop -------------------------------------------------------------------------

  /** At most one discovery call per run is in flight; a request made meanwhile runs right after. */
  private discover(run: Run): void {
    if (run.finished) return;
    if (run.discovering) {
      run.rediscover = true;
      return;
    }
    run.discovering = true;
    this.call(run, DISCOVERY).finally(() => {
      run.discovering = false;
      if (run.rediscover) {
        run.rediscover = false;
        this.discover(run);
      }
    });
  }

  private execute(run: Run, stepId: string): void {
    run.pending.add(stepId);
    void this.call(run, stepId);
  }

  private async call(run: Run, stepId: string): Promise<void> {
    try {
      const result = await this.request(run, stepId);
      if (!result) return;
      if (run.finished) {
        if (result.outcome.kind === "ops") this.recordDiscarded(run, result.outcome.ops);
        return;
      }
      run.version = result.outcome.version;
      this.apply(run, result);
    } catch (err) {
      this.fail(run, toSerializedError(err, "embedded executor error"));
    }
  }

  /** One request to the app, holding the run's concurrency slots while it is in flight. */
  private async request(run: Run, stepId: string): Promise<CallResult | undefined> {
    const release = await this.deps.limiter.acquire(run.slots);
    try {
      if (run.finished) return undefined; // cancelled while queued for a slot
      this.markRunning(run);
      const attempt = run.attempts.get(stepId) ?? 0;
      const dispatchId = ulid();
      const dispatch = { attempt, checkpointed: false };
      run.dispatches.set(dispatchId, dispatch);
      const outcome = await callFunction({
        url: run.fn.url,
        inProcess: this.deps.appInProcess?.(run.fn.url),
        signingKey: this.deps.signingKey,
        serverKind: this.deps.serverKind,
        stepId,
        event: run.trigger.payload,
        steps: run.steps,
        stack: run.stack,
        runId: run.id,
        fnId: run.fn.uuid,
        dispatchId,
        attempt,
        maxAttempts: run.fn.maxAttempts,
        disableImmediateExecution: run.disableImmediateExecution,
        version: run.version,
      }).finally(() => run.dispatches.delete(dispatchId)); // later checkpoints of this call are stale
      this.deps.logger.debug({ runId: run.id, stepId, attempt, kind: outcome.kind }, "call answered");
      return { stepId, attempt, checkpointed: dispatch.checkpointed, outcome };
    } finally {
      release();
    }
  }

  /**
   * `POST /v1/checkpoint/:runId/async`: steps a discovery call ran while it goes on, memoized as a
   * 206 reporting them would be, so no later call re-runs them. Stale (409, and the SDK stops
   * there) unless the run is unfinished and the call named by `qi_id` is still in flight: that is
   * how a cancelled run stops between checkpointed steps, and how a call the executor gave up on
   * (timed out, connection lost, then retried) cannot write into the run any more.
   */
  checkpoint(run: Run, dispatchId: string, ops: OutgoingOp[]): CheckpointAnswer {
    const dispatch = run.dispatches.get(dispatchId);
    if (run.finished || !dispatch) {
      if (run.finished) this.recordDiscarded(run, ops);
      const why = run.finished
        ? `run ${run.id} is ${run.status}`
        : `call ${dispatchId} is no longer in flight`;
      return { status: 409, message: `stale dispatch: ${why}` };
    }
    const refused = ops.find((op) => !CHECKPOINTABLE.has(op.op));
    if (refused) return { status: 400, message: `cannot checkpoint opcode: ${refused.op}` };
    const tooLarge = ops.find(outputTooLarge);
    if (tooLarge) return { status: 413, message: `step ${tooLarge.id} output too large` };
    for (const op of ops) {
      if (op.op === "StepPlanned") continue; // Inngest only opens a trace span for it
      if (!this.memoize(run, op, { data: op.data ?? null }, dispatch.attempt)) continue;
      dispatch.checkpointed = true;
      run.attempts.delete(DISCOVERY); // progress resets function-level retries, as a 206 does
    }
    return { status: 200 };
  }

  private markRunning(run: Run): void {
    if (run.status !== "Queued") return;
    run.status = "Running";
    run.startedAt = Date.now();
    const finishTimeout = parseDuration(run.fn.config.timeouts?.finish ?? "");
    if (finishTimeout !== undefined)
      run.later(finishTimeout, () => this.cancel(run, "timeouts.finish exceeded"));
  }

  private apply(run: Run, { stepId, attempt, checkpointed, outcome }: CallResult): void {
    switch (outcome.kind) {
      case "completed":
        this.settle(run, "Completed", outcome.output, undefined, attempt);
        return;
      case "error": {
        run.pending.delete(stepId);
        // A call that checkpointed made progress: its failure is the first attempt from there on.
        const from = checkpointed ? 0 : attempt;
        if (outcome.retriable && this.scheduleRetry(run, stepId, from, outcome.retryAfterMs)) {
          run.record({
            stepId,
            name: stepId === DISCOVERY ? FINALIZATION : stepId,
            op: stepId === DISCOVERY ? FINALIZATION : "StepRun",
            outcome: "retrying",
            attempt,
            detail: errorText(outcome.error),
            output: { error: outcome.error },
          });
          return;
        }
        this.fail(run, outcome.error, attempt);
        return;
      }
      case "ops": {
        if (stepId === DISCOVERY) run.attempts.delete(DISCOVERY); // progress resets function-level retries
        if (outcome.ops.length > 1) run.disableImmediateExecution = true;
        let progressed = false;
        for (const op of outcome.ops) {
          progressed = this.handleOp(run, op, attempt, outcome) || progressed;
        }
        if (progressed) this.discover(run);
      }
    }
  }

  /** Returns true when the op produced a memoized result, i.e. the function can move on. */
  private handleOp(
    run: Run,
    op: OutgoingOp,
    attempt: number,
    { noRetry, retryAfterMs }: { noRetry: boolean; retryAfterMs: number | undefined },
  ): boolean {
    switch (op.op) {
      case "StepRun":
      case "Step":
        return this.memoize(run, op, { data: op.data ?? null }, attempt);
      case "StepError":
        if (!noRetry && this.scheduleRetry(run, op.id, attempt, retryAfterMs)) {
          run.record({
            stepId: op.id,
            name: label(op),
            op: op.op,
            outcome: "retrying",
            attempt,
            detail: errorText(op.error),
            output: { error: op.error },
          });
          return false;
        }
        return this.memoize(run, op, { error: op.error }, attempt);
      case "StepFailed":
        return this.memoize(run, op, { error: op.error }, attempt);
      case "StepPlanned":
        if (!run.isKnownOp(op.id)) this.execute(run, op.id);
        return false;
      case "Sleep":
        if (!run.isKnownOp(op.id)) this.sleep(run, op);
        return false;
      case "WaitForEvent":
        if (!run.isKnownOp(op.id)) this.waitForEvent(run, op);
        return false;
      case "InvokeFunction":
        if (!run.isKnownOp(op.id)) this.invoke(run, op);
        return false;
      case "RunComplete":
        // How a call that checkpointed its steps ends: the function's return value, last op.
        this.settle(run, "Completed", op.data ?? null, undefined, attempt);
        return false;
      default:
        this.fail(run, {
          name: "UnsupportedOpError",
          message: `embedded executor does not support op ${op.op}`,
        });
        return false;
    }
  }

  /** Schedules another attempt of a step (or of discovery); false once attempts are used up. */
  private scheduleRetry(
    run: Run,
    stepId: string,
    attempt: number,
    retryAfterMs: number | undefined,
  ): boolean {
    const next = attempt + 1;
    if (next >= run.fn.maxAttempts) return false;
    run.attempts.set(stepId, next);
    const delay = retryAfterMs ?? this.deps.retryBackoffMs(next);
    if (stepId === DISCOVERY) {
      run.later(delay, () => this.discover(run));
    } else {
      run.pending.add(stepId);
      run.later(delay, () => this.execute(run, stepId));
    }
    return true;
  }

  private memoize(run: Run, op: OutgoingOp, state: StepState, attempt = 0): boolean {
    if (!run.memoize(op.id, state)) return false;
    const failed = "error" in state;
    run.record({
      stepId: op.id,
      name: label(op),
      op: op.op,
      outcome: failed ? "error" : "ok",
      attempt,
      detail: failed ? errorText(state.error) : undefined,
      output: state,
    });
    return true;
  }

  /** Memoizes the result of an op that completed outside a request (sleep, wait, invoke). */
  private resolve(run: Run, op: OutgoingOp, state: StepState): void {
    if (!run.finished && this.memoize(run, op, state)) this.discover(run);
  }

  // ---- sleeps, waits and invokes -------------------------------------------------------------

  private sleep(run: Run, op: OutgoingOp): void {
    const wakeAt = resolveWakeTime(op.name ?? "", Date.now());
    if (wakeAt === undefined) {
      this.fail(run, { name: "InvalidSleepError", message: `cannot parse sleep "${op.name}"` });
      return;
    }
    this.await(run, op, `until ${new Date(wakeAt).toISOString()}`);
    run.later(wakeAt - Date.now(), () => this.resolve(run, op, { data: null }));
  }

  private waitForEvent(run: Run, op: OutgoingOp): void {
    const condition = typeof op.opts?.if === "string" ? op.opts.if : undefined;
    const waiter: EventWaiter = { run, op, condition, afterSeq: this.deps.intake.lastSeq };
    this.waiters.add(waiter);
    this.await(run, op, `for ${op.name}${condition ? ` if ${condition}` : ""}`);
    const timeout = parseDuration(String(op.opts?.timeout ?? ""));
    if (timeout === undefined) return;
    run.later(timeout, () => {
      this.waiters.delete(waiter);
      this.resolve(run, op, { data: null });
    });
  }

  private resumeWaiters(event: ReceivedEvent): void {
    for (const waiter of this.waiters) {
      const { run, op, condition, afterSeq } = waiter;
      if (op.name !== event.payload.name || event.seq <= afterSeq) continue;
      if (
        condition &&
        !this.deps.cel.matches(condition, { event: run.trigger.payload, async: event.payload })
      ) {
        continue;
      }
      this.waiters.delete(waiter);
      this.resolve(run, op, { data: event.payload });
    }
  }

  private invoke(run: Run, op: OutgoingOp): void {
    const functionId = String(op.opts?.function_id ?? "");
    this.await(run, op, `invoking ${functionId}`);
    const target = this.deps.registry.get(functionId);
    const payload = op.opts?.payload as { data?: Record<string, unknown> } | undefined;
    const event = this.deps.intake.internal("inngest/function.invoked", payload?.data ?? {});
    const child = target && this.start(target, event, { run, op });
    if (!child) {
      // Inngest's runner answers an unknown target with this error (`FindInvokedFunction`).
      const message = target
        ? `${functionId} skipped by its idempotency key`
        : `could not find function with ID: ${functionId}`;
      this.resolve(run, op, { error: { name: "Error", message } });
      return;
    }
    const timeout = parseDuration(String(op.opts?.timeout ?? ""));
    if (timeout === undefined) return;
    run.later(timeout, () =>
      this.resolve(run, op, {
        error: {
          name: "InngestInvokeTimeoutError",
          message: "Timed out waiting for invoked function to complete",
        },
      }),
    );
  }

  private await(run: Run, op: OutgoingOp, detail: string): void {
    run.pending.add(op.id);
    run.record({ stepId: op.id, name: label(op), op: op.op, outcome: "waiting", attempt: 0, detail });
  }

  // ---- cancellation and completion -----------------------------------------------------------

  private cancelMatching(event: ReceivedEvent): void {
    for (const run of this.active) {
      if (event.seq <= run.startSeq) continue; // only events received after the run started cancel it
      const rule = run.fn.config.cancel?.find((cancel) => {
        if (!eventNameMatches(cancel.event, event.payload.name)) return false;
        const window = parseDuration(cancel.timeout ?? "");
        if (window !== undefined && Date.now() > run.createdAt + window) return false;
        return (
          !cancel.if || this.deps.cel.matches(cancel.if, { event: run.trigger.payload, async: event.payload })
        );
      });
      if (rule) this.cancel(run, `cancelled by event ${event.payload.name} (${event.internalId})`);
    }
  }

  /** `DELETE /v1/runs/:id`; a run that already ended stays as it was. */
  cancelRun(run: Run): void {
    this.cancel(run, "cancelled through the REST API");
  }

  /**
   * `POST /v1/cancellations`: every unfinished run of `fn` created in the window whose trigger
   * matches `condition` (CEL on `event`).
   */
  cancelMany(fn: RegisteredFunction, window: { after?: number; before: number }, condition?: string): void {
    const matching = [...this.active].filter(
      (run) =>
        run.fn === fn &&
        run.createdAt <= window.before &&
        (window.after === undefined || run.createdAt >= window.after) &&
        (!condition || this.deps.cel.matches(condition, { event: run.trigger.payload })),
    );
    for (const run of matching) this.cancel(run, "cancelled by a bulk cancellation");
  }

  private cancel(run: Run, reason: string): void {
    if (run.finished) return;
    run.record({ stepId: "", name: "run", op: "Cancel", outcome: "cancelled", detail: reason });
    this.settle(run, "Cancelled", null);
  }

  private fail(run: Run, error: SerializedError, attempt?: number): void {
    this.settle(run, "Failed", null, error, attempt);
  }

  private recordDiscarded(run: Run, ops: OutgoingOp[]): void {
    for (const op of ops) {
      run.record({
        stepId: op.id,
        name: label(op),
        op: op.op,
        outcome: "discarded",
        detail: `run ${run.status}`,
      });
    }
  }

  private settle(
    run: Run,
    status: "Completed" | "Failed" | "Cancelled",
    output: unknown,
    error?: SerializedError,
    attempt?: number,
  ) {
    if (run.finished) return;
    if (status !== "Cancelled") {
      run.record({
        stepId: DISCOVERY,
        name: FINALIZATION,
        op: FINALIZATION,
        outcome: error ? "error" : "ok",
        attempt: attempt ?? run.attempts.get(DISCOVERY) ?? 0,
        detail: error ? errorText(error) : undefined,
        output: error ? { error } : { data: output },
      });
    }
    run.settle(status, output, error);
    this.active.delete(run);
    for (const waiter of this.waiters) if (waiter.run === run) this.waiters.delete(waiter);
    this.deps.logger.info({ runId: run.id, fnId: run.fn.config.id, status, error }, "run finished");
    this.emitLifecycleEvents(run);
    if (run.parent) this.resolve(run.parent.run, run.parent.op, invokeResult(run));
  }

  /**
   * `inngest/function.finished` for every end, plus `.failed` or `.cancelled`, as Inngest's
   * finalize does; `onFailure` handlers are ordinary functions triggered by them. Runs started by
   * a lifecycle event emit none, so handlers never trigger each other.
   */
  private emitLifecycleEvents(run: Run): void {
    if (LIFECYCLE_TRIGGERS.has(run.trigger.payload.name)) return;
    const data = {
      function_id: run.fn.config.id,
      run_id: run.id,
      event: run.trigger.payload,
      ...(run.status === "Completed" ? { result: run.output } : {}),
      ...(run.error ? { error: run.error } : {}),
      _inngest: { status: run.status },
    };
    const outcome: Record<string, string | undefined> = {
      Failed: "inngest/function.failed",
      Cancelled: "inngest/function.cancelled",
    };
    const names = ["inngest/function.finished", outcome[run.status]].flatMap((name) => name ?? []);
    const events = names.map((name): [string, Record<string, unknown>] => [name, data]);
    // Deferred so a chain of lifecycle-triggered runs never recurses on the stack.
    setImmediate(() => {
      for (const [name, data] of events) this.dispatch(this.deps.intake.internal(name, data));
    });
  }
}

function invokeResult(child: Run): StepState {
  if (child.status === "Completed") return { data: child.output };
  return { error: child.error ?? { name: "Error", message: `invoked run ${child.id} was cancelled` } };
}

function label(op: OutgoingOp): string {
  return op.displayName ?? op.name ?? op.id;
}

function errorText(error: unknown): string {
  const { name, message } = toSerializedError(error, "unknown error");
  return `${name}: ${message}`;
}
