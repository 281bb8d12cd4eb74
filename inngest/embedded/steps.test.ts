import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./test-harness";
import { startHarness } from "./test-harness";

const calls = new Map<string, number>();
const count = (key: string) => calls.set(key, (calls.get(key) ?? 0) + 1);

let h: Harness;

beforeAll(async () => {
  h = await startHarness("test-app-steps", (inngest) => [
    inngest.createFunction(
      { id: "sequential", triggers: [{ event: "test/sequential" }] },
      async ({ event, step }) => {
        const run = event.data.tag as string;
        const a = await step.run("a", () => {
          count(`${run}:a`);
          return 1;
        });
        const b = await step.run("b", () => {
          count(`${run}:b`);
          return a + 1;
        });
        return { sum: a + b };
      },
    ),
  ]);
});

afterAll(() => h.close());

describe("step execution", () => {
  it("runs each sequential step exactly once and completes with the return value", async () => {
    const eventId = await h.send("test/sequential", { tag: "seq" });
    const run = await h.settledRunOf(eventId);
    expect(run.status).toBe("Completed");
    expect(run.output).toEqual({ sum: 3 });
    expect(calls.get("seq:a")).toBe(1);
    expect(calls.get("seq:b")).toBe(1);
  });
});
