import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./test-harness";
import { eventually, startHarness } from "./test-harness";

/** Executions per `<tag>:<step>`, counted inside the step bodies. */
const calls = new Map<string, number>();
const count = (key: string) => calls.set(key, (calls.get(key) ?? 0) + 1);
const received: unknown[] = [];

let h: Harness;

beforeAll(async () => {
  h = await startHarness("test-app-steps", (inngest) => {
    const child = inngest.createFunction({ id: "child", triggers: [] }, async ({ event, step }) => {
      const doubled = await step.run("double", () => (event.data as { n: number }).n * 2);
      return { doubled };
    });
    return [
      child,
      inngest.createFunction(
        { id: "sequential", triggers: [{ event: "test/sequential" }] },
        async ({ event, step }) => {
          const tag = event.data.tag as string;
          const a = await step.run("a", () => {
            count(`${tag}:a`);
            return 1;
          });
          const b = await step.run("b", () => {
            count(`${tag}:b`);
            return a + 1;
          });
          return { sum: a + b };
        },
      ),
      inngest.createFunction({ id: "parallel", triggers: [{ event: "test/parallel" }] }, async ({ step }) => {
        const first = await step.run("before", () => {
          count("par:before");
          return "x";
        });
        const results = await Promise.all(
          ["p1", "p2", "p3", "p4"].map((id) =>
            step.run(id, async () => {
              count(`par:${id}`);
              await new Promise((resolve) => setTimeout(resolve, id === "p1" ? 150 : 10));
              return id;
            }),
          ),
        );
        const last = await step.run("after", () => {
          count("par:after");
          return results.join(",");
        });
        return `${first}:${last}`;
      }),
      inngest.createFunction({ id: "loop", triggers: [{ event: "test/loop" }] }, async ({ step }) => {
        let total = 0;
        for (let i = 0; i < 5; i++) {
          total += await step.run("same-id", () => {
            count(`loop:${i}`);
            return i;
          });
        }
        return total;
      }),
      inngest.createFunction({ id: "sleeper", triggers: [{ event: "test/sleep" }] }, async ({ step }) => {
        await step.sleep("nap", "1s");
        return step.run("woke", () => "awake");
      }),
      inngest.createFunction(
        { id: "waiter", triggers: [{ event: "test/wait" }] },
        async ({ event, step }) => {
          const approval = await step.waitForEvent("approval", {
            event: "test/approved",
            timeout: event.data.timeout as string,
            if: "event.data.orderId == async.data.orderId",
          });
          return { approvedBy: approval?.data.by ?? null };
        },
      ),
      inngest.createFunction({ id: "invoker", triggers: [{ event: "test/invoke" }] }, async ({ step }) => {
        return step.invoke("call-child", { function: child, data: { n: 21 } });
      }),
      inngest.createFunction({ id: "fan-out", triggers: [{ event: "test/fan-out" }] }, async ({ step }) => {
        await step.sendEvent("emit", { name: "test/fanned", data: { from: "fan-out" } });
        return "sent";
      }),
      inngest.createFunction(
        { id: "listener", triggers: [{ event: "test/fan*", if: "event.data.from == 'fan-out'" }] },
        async ({ event }) => {
          received.push(event.data);
          return event.name;
        },
      ),
    ];
  });
});

afterAll(() => h.close());

describe("step execution through the real SDK", () => {
  it("runs each sequential step exactly once and completes with the return value", async () => {
    const run = await h.settledRunOf(await h.send("test/sequential", { tag: "seq" }));
    expect(run.status).toBe("Completed");
    expect(run.output).toEqual({ sum: 3 });
    expect([calls.get("seq:a"), calls.get("seq:b")]).toEqual([1, 1]);
  });

  it("runs Promise.all steps exactly once each, then continues", async () => {
    const run = await h.settledRunOf(await h.send("test/parallel"));
    expect(run.status).toBe("Completed");
    expect(run.output).toBe("x:p1,p2,p3,p4");
    for (const id of ["before", "p1", "p2", "p3", "p4", "after"]) expect(calls.get(`par:${id}`), id).toBe(1);
  });

  it("runs a step id repeated in a loop once per iteration", async () => {
    const run = await h.settledRunOf(await h.send("test/loop"));
    expect(run.output).toBe(0 + 1 + 2 + 3 + 4);
    for (let i = 0; i < 5; i++) expect(calls.get(`loop:${i}`)).toBe(1);
  });

  it("resumes after step.sleep", async () => {
    const run = await h.settledRunOf(await h.send("test/sleep"));
    expect(run.status).toBe("Completed");
    expect(run.output).toBe("awake");
    expect(run.steps.map((s) => `${s.op}:${s.outcome}`)).toEqual([
      "Sleep:waiting",
      "Sleep:ok",
      "StepRun:ok",
      "Finalization:ok",
    ]);
  });

  it("resumes waitForEvent with the matching event only", async () => {
    const eventId = await h.send("test/wait", { orderId: "o1", timeout: "30s" });
    const { run_id } = await eventually(() => h.executor.runsForEvent(eventId)[0]);
    await eventually(() => h.executor.getRun(run_id)?.steps.some((s) => s.op === "WaitForEvent"));
    await h.send("test/approved", { orderId: "other", by: "mallory" });
    await h.send("test/approved", { orderId: "o1", by: "alice" });
    const run = await h.executor.waitForRun(run_id);
    expect(run.output).toEqual({ approvedBy: "alice" });
  });

  it("resolves waitForEvent with null on timeout", async () => {
    const run = await h.settledRunOf(await h.send("test/wait", { orderId: "o2", timeout: "1s" }));
    expect(run.status).toBe("Completed");
    expect(run.output).toEqual({ approvedBy: null });
  });

  it("returns the invoked function's result to step.invoke", async () => {
    const run = await h.settledRunOf(await h.send("test/invoke"));
    expect(run.status).toBe("Completed");
    expect(run.output).toEqual({ doubled: 42 });
  });

  it("routes events sent by step.sendEvent to wildcard + expression triggers", async () => {
    const run = await h.settledRunOf(await h.send("test/fan-out"));
    expect(run.output).toBe("sent");
    await eventually(() => received.length === 1);
    expect(received).toEqual([{ from: "fan-out" }]);
  });
});
