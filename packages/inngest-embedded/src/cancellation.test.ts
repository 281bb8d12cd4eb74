import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./test-harness";
import { eventually, settle, startHarness } from "./test-harness";

const calls = new Map<string, number>();
const count = (key: string) => calls.set(key, (calls.get(key) ?? 0) + 1);
const failureHandlerRuns: string[] = [];
const cancelledNotices: string[] = [];
const finishedNotices = new Map<string, unknown>();

/** Lets the test hold the "slow" step open until it has sent the cancel event. */
let releaseSlowStep: () => void = () => {};
const slowStepGate = new Promise<void>((resolve) => {
  releaseSlowStep = resolve;
});

let h: Harness;

beforeAll(async () => {
  h = await startHarness("test-app-cancel", (inngest) => {
    const cancelOn = [{ event: "test/cancel", if: "event.data.id == async.data.id" }];
    return [
      inngest.createFunction(
        {
          id: "mid-step",
          cancelOn,
          triggers: [{ event: "test/mid-step" }],
          onFailure: () => {
            failureHandlerRuns.push("mid-step");
          },
        },
        async ({ step }) => {
          await step.run("slow", async () => {
            count("slow:started");
            await slowStepGate;
            count("slow:finished");
            return "slow result";
          });
          await step.run("later", () => count("later"));
        },
      ),
      inngest.createFunction(
        { id: "sleeps", cancelOn, triggers: [{ event: "test/sleeps" }] },
        async ({ event, step }) => {
          await step.sleep("nap", event.data.duration as string);
          await step.run("after-sleep", () => count(`after-sleep:${event.data.id}`));
          return "woke";
        },
      ),
      inngest.createFunction(
        {
          id: "cancel-listener",
          triggers: [
            { event: "inngest/function.cancelled", if: "event.data.function_id == 'test-app-cancel-sleeps'" },
          ],
        },
        async ({ event }) => {
          cancelledNotices.push(event.data.run_id as string);
        },
      ),
      inngest.createFunction(
        {
          id: "finish-listener",
          triggers: [
            { event: "inngest/function.finished", if: "event.data.function_id == 'test-app-cancel-sleeps'" },
          ],
        },
        async ({ event }) => {
          finishedNotices.set(event.data.run_id as string, event.data._inngest);
        },
      ),
      inngest.createFunction(
        { id: "waits", cancelOn, triggers: [{ event: "test/waits" }] },
        async ({ event, step }) => {
          await step.waitForEvent("hold", { event: "test/never", timeout: "1m" });
          await step.run("after-wait", () => count(`after-wait:${event.data.id}`));
        },
      ),
    ];
  });
});

afterAll(() => h.close());

async function startedRun(name: string, data: Record<string, unknown>, reached: (op: string) => boolean) {
  const eventId = await h.send(name, data);
  const { run_id } = await eventually(() => h.executor.runsForEvent(eventId)[0]);
  await eventually(() => h.executor.getRun(run_id)?.steps.some((s) => reached(s.op)));
  return run_id;
}

describe("cancelOn", () => {
  it("cancels during a step: the step finishes, its result is discarded, no later step starts", async () => {
    const eventId = await h.send("test/mid-step", { id: "m1" });
    await eventually(() => calls.get("slow:started") === 1);
    await h.send("test/cancel", { id: "m1" });
    const run = await h.settledRunOf(eventId);
    expect(run.status).toBe("Cancelled");

    releaseSlowStep();
    await eventually(() => calls.get("slow:finished") === 1);
    await eventually(() => h.executor.getRun(run.run_id)?.steps.some((s) => s.outcome === "discarded"));
    await settle();
    const steps = h.executor.getRun(run.run_id)?.steps ?? [];
    expect(steps.filter((s) => s.name === "slow").map((s) => s.outcome)).toEqual(["discarded"]);
    expect(calls.get("later")).toBeUndefined();
    expect(calls.get("slow:started")).toBe(1);
    expect(failureHandlerRuns).toEqual([]); // onFailure never runs for a cancellation
  });

  it("cancels a sleeping run and emits inngest/function.cancelled", async () => {
    const runId = await startedRun("test/sleeps", { id: "s1", duration: "1m" }, (op) => op === "Sleep");
    await h.send("test/cancel", { id: "s1" });
    expect((await h.executor.waitForRun(runId)).status).toBe("Cancelled");
    expect(calls.get("after-sleep:s1")).toBeUndefined();
    await eventually(() => cancelledNotices.includes(runId));
    // Inngest emits inngest/function.finished for every end of a run, cancellation included.
    expect(await eventually(() => finishedNotices.get(runId))).toEqual({ status: "Cancelled" });
  });

  it("cancels a run waiting for an event", async () => {
    const runId = await startedRun("test/waits", { id: "w1" }, (op) => op === "WaitForEvent");
    await h.send("test/cancel", { id: "w1" });
    expect((await h.executor.waitForRun(runId)).status).toBe("Cancelled");
    expect(calls.get("after-wait:w1")).toBeUndefined();
  });

  it("ignores cancel events whose expression does not match", async () => {
    const runId = await startedRun("test/sleeps", { id: "s2", duration: "1s" }, (op) => op === "Sleep");
    await h.send("test/cancel", { id: "someone-else" });
    await h.send("test/cancel", {}); // missing key: a CEL error is no match
    const run = await h.executor.waitForRun(runId);
    expect(run.status).toBe("Completed");
    expect(calls.get("after-sleep:s2")).toBe(1);
  });

  it("ignores cancel events received before the run started, whatever their ts", async () => {
    const later = Date.now() + 3_600_000;
    await h.inngest.send({ name: "test/cancel", data: { id: "s3" }, ts: later });
    const run = await h.settledRunOf(await h.send("test/sleeps", { id: "s3", duration: "1s" }));
    expect(run.status).toBe("Completed");
  });

  it("cancels on an event received after the run started, even with an older ts", async () => {
    const runId = await startedRun("test/sleeps", { id: "s4", duration: "1m" }, (op) => op === "Sleep");
    await h.inngest.send({ name: "test/cancel", data: { id: "s4" }, ts: Date.now() - 3_600_000 });
    expect((await h.executor.waitForRun(runId)).status).toBe("Cancelled");
  });
});
