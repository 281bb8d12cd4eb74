import type { ServerResponse } from "node:http";
import { ulid } from "ulid";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashedSigningKey } from "./signing";
import type { Harness } from "./test-harness";
import { eventually, settle, startHarness } from "./test-harness";

/** Calls from the executor to the app, by function slug. */
const calls = new Map<string, number>();
/** Executions of step bodies, by step name. */
const executions = new Map<string, number>();
const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
/** The HTTP status the app answered its last call with, by function slug. */
const answered = new Map<string, number>();
/** The answer of the call in flight, so a step can break it. */
let currentAnswer: ServerResponse | undefined;
let callsWhenBFirstRan: number | undefined;

let releaseFirst: () => void = () => {};
const firstGate = new Promise<void>((resolve) => {
  releaseFirst = resolve;
});

let h: Harness;

/** Counts an execution of a step body and returns its value. */
const ran = <T>(key: string, value: T) => {
  count(executions, key);
  return value;
};

/** Three steps, each counting its executions under `<prefix>:<step>`. */
const threeSteps =
  (prefix: string) =>
  async ({ step }: { step: { run<T>(id: string, body: () => T): Promise<T> } }) => {
    const a = await step.run("a", () => ran(`${prefix}:a`, 1));
    const b = await step.run("b", () => ran(`${prefix}:b`, a + 1));
    const c = await step.run("c", () => ran(`${prefix}:c`, b + 1));
    return { sum: a + b + c };
  };

beforeAll(async () => {
  h = await startHarness(
    "test-app-checkpoint",
    (inngest) => [
      inngest.createFunction({ id: "three-steps", triggers: [{ event: "test/three" }] }, threeSteps("three")),
      inngest.createFunction(
        { id: "classic", checkpointing: false, triggers: [{ event: "test/classic" }] },
        threeSteps("classic"),
      ),
      inngest.createFunction(
        {
          id: "cancellable",
          cancelOn: [{ event: "test/cancel", if: "event.data.id == async.data.id" }],
          triggers: [{ event: "test/cancellable" }],
        },
        async ({ step }) => {
          await step.run("first", async () => {
            count(executions, "cancellable:first");
            await firstGate;
          });
          await step.run("second", () => count(executions, "cancellable:second"));
        },
      ),
      inngest.createFunction(
        { id: "crashes", triggers: [{ event: "test/crashes" }] },
        async ({ event, step, runId }) => {
          await step.run("a", () => count(executions, "crashes:a"));
          const b = await step.run("b", async () => {
            count(executions, "crashes:b");
            if (executions.get("crashes:b") === 1) {
              callsWhenBFirstRan = calls.get("crashes");
              // The call dies after `a` was checkpointed: the executor sees its connection drop.
              currentAnswer?.socket?.destroy();
              await eventually(() => h.executor.getRun(runId)?.steps.some((s) => s.outcome === "retrying"));
            }
            return "b done";
          });
          return { b, id: event.data.id };
        },
      ),
      inngest.createFunction(
        { id: "sleeps-then-throws", triggers: [{ event: "test/mixed" }] },
        async ({ step, attempt }) => {
          const a = await step.run("a", () => ran("mixed:a", 1));
          await step.sleep("nap", "50ms");
          const b = await step.run("b", () => ran("mixed:b", 2));
          if (attempt === 0) throw new Error("fails once after b");
          return a + b;
        },
      ),
    ],
    (serve) => (req, res) => {
      const fnId = new URL(req.url ?? "/", "http://app").searchParams.get("fnId");
      if (req.method === "POST" && fnId) {
        const slug = fnId.replace("test-app-checkpoint-", "");
        count(calls, slug);
        currentAnswer = res;
        res.on("finish", () => answered.set(slug, res.statusCode));
      }
      serve(req, res);
    },
  );
});

afterAll(() => h.close());

beforeEach(() => {
  calls.clear();
  executions.clear();
});

describe("async checkpointing (ctx.fn_id + qi_id, POST /v1/checkpoint/:runId/async)", () => {
  it("runs a multi-step function in one call, each step checkpointed and run once", async () => {
    const run = await h.settledRunOf(await h.send("test/three"));
    expect(run.status).toBe("Completed");
    expect(run.output).toEqual({ sum: 6 });
    expect(calls.get("three-steps")).toBe(1);
    expect([...executions]).toEqual([
      ["three:a", 1],
      ["three:b", 1],
      ["three:c", 1],
    ]);
    expect(run.steps.filter((s) => s.op === "StepRun" && s.outcome === "ok").map((s) => s.name)).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it("keeps one call per step for a function with checkpointing: false", async () => {
    const run = await h.settledRunOf(await h.send("test/classic"));
    expect(run.status).toBe("Completed");
    expect(run.output).toEqual({ sum: 6 });
    expect(calls.get("classic")).toBe(4);
    expect([...executions.values()]).toEqual([1, 1, 1]);
  });

  it("stops a run cancelled between checkpointed steps: the checkpoint is refused (409)", async () => {
    const eventId = await h.send("test/cancellable", { id: "x" });
    const { run_id } = await eventually(() => h.executor.runsForEvent(eventId)[0]);
    await eventually(() => executions.get("cancellable:first") === 1);
    await h.send("test/cancel", { id: "x" });
    await eventually(() => h.executor.getRun(run_id)?.status === "Cancelled");
    releaseFirst();
    // `first` completes and its checkpoint comes back stale: recorded as discarded.
    await eventually(() =>
      h.executor.getRun(run_id)?.steps.some((s) => s.name === "first" && s.outcome === "discarded"),
    );
    await settle();
    expect(executions.get("cancellable:second")).toBeUndefined();
    expect(h.executor.getRun(run_id)?.status).toBe("Cancelled");
    expect(calls.get("cancellable")).toBe(1);
    // The SDK stopped on the 409 (StaleDispatchError, not retriable) instead of reporting `first`.
    expect(answered.get("cancellable")).toBe(400);
  });

  it("retries a call that died after a checkpoint without running the checkpointed step again", async () => {
    const run = await h.settledRunOf(await h.send("test/crashes", { id: "y" }));
    expect(run.status).toBe("Completed");
    expect(run.output).toEqual({ b: "b done", id: "y" });
    expect(callsWhenBFirstRan).toBe(1); // `a` ran in the call that died, and was checkpointed
    expect(executions.get("crashes:a")).toBe(1);
    // `b` was never checkpointed (its call was gone: stale), so the retry ran it again.
    expect(executions.get("crashes:b")).toBe(2);
  });

  it("after checkpointed steps, schedules the op the call ends with and retries an error with them kept", async () => {
    const run = await h.settledRunOf(await h.send("test/mixed"));
    expect(run.status).toBe("Completed");
    expect(run.output).toBe(3);
    expect(run.steps.some((s) => s.op === "Sleep" && s.outcome === "ok")).toBe(true);
    expect(run.steps.some((s) => s.name === "Finalization" && s.outcome === "retrying")).toBe(true);
    expect(executions.get("mixed:a")).toBe(1);
    expect(executions.get("mixed:b")).toBe(1);
    // `a` then the sleep; after it `b` then the error; the retry only returns.
    expect(calls.get("sleeps-then-throws")).toBe(3);
  });

  it("takes checkpoints only with the signing key's bearer, and refuses unknown runs as stale", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${h.executor.url}/v1/checkpoint/${ulid()}/async`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ run_id: "x", qi_id: "y", steps: [] }),
      });
    expect((await post({})).status).toBe(401);
    const bearer = { authorization: `Bearer ${hashedSigningKey(h.keys.signingKey)}` };
    expect((await post(bearer)).status).toBe(409);
  });
});
