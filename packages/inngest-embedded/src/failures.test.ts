import { NonRetriableError, RetryAfterError } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./test-harness";
import { eventually, settle, startHarness } from "./test-harness";

const calls = new Map<string, number>();
const count = (key: string) => calls.set(key, (calls.get(key) ?? 0) + 1);
const attemptTimes: number[] = [];
const failureHandlerCalls: Array<{ key: string; message: string; originalData: unknown }> = [];

let h: Harness;

beforeAll(async () => {
  h = await startHarness("test-app-failures", (inngest) => {
    const onFailure = async ({
      event,
      error,
    }: {
      event: { data: { event: { data: unknown } } };
      error: Error;
    }) => {
      const originalData = event.data.event.data as { key: string };
      failureHandlerCalls.push({ key: originalData.key, message: error.message, originalData });
    };
    return [
      inngest.createFunction(
        { id: "always-fails", retries: 2, triggers: [{ event: "test/always-fails" }], onFailure },
        async ({ step }) => {
          await step.run("flaky", () => {
            count("always-fails");
            throw new Error("boom");
          });
        },
      ),
      inngest.createFunction(
        { id: "recovers", retries: 3, triggers: [{ event: "test/recovers" }], onFailure },
        async ({ step }) =>
          step.run("flaky", () => {
            count("recovers");
            if ((calls.get("recovers") ?? 0) < 3) throw new Error("not yet");
            return "ok";
          }),
      ),
      inngest.createFunction(
        { id: "non-retriable", retries: 5, triggers: [{ event: "test/non-retriable" }] },
        async ({ step }) => {
          await step.run("fatal", () => {
            count("non-retriable");
            throw new NonRetriableError("do not retry me");
          });
        },
      ),
      inngest.createFunction(
        { id: "body-fails", retries: 1, triggers: [{ event: "test/body-fails" }] },
        async () => {
          count("body-fails");
          throw new Error("outside any step");
        },
      ),
      inngest.createFunction(
        { id: "retry-after", retries: 1, triggers: [{ event: "test/retry-after" }] },
        async ({ step }) =>
          step.run("rate-limited", () => {
            attemptTimes.push(Date.now());
            if (attemptTimes.length === 1) throw new RetryAfterError("slow down", "1s");
            return "done";
          }),
      ),
    ];
  });
});

afterAll(() => h.close());

describe("retries and failure handling", () => {
  it("runs a failing step retries + 1 times, then fails the run", async () => {
    const run = await h.settledRunOf(await h.send("test/always-fails", { key: "af" }));
    expect(run.status).toBe("Failed");
    expect(run.error?.message).toContain("boom");
    expect(calls.get("always-fails")).toBe(3);
  });

  it("runs onFailure exactly once with the error and the original event", async () => {
    await eventually(() => failureHandlerCalls.some((call) => call.key === "af"));
    await settle();
    const calledFor = failureHandlerCalls.filter((call) => call.key === "af");
    expect(calledFor).toHaveLength(1);
    expect(calledFor[0]?.message).toContain("boom");
    expect(calledFor[0]?.originalData).toEqual({ key: "af" });
  });

  it("completes when a retry succeeds, and does not run onFailure", async () => {
    const run = await h.settledRunOf(await h.send("test/recovers", { key: "rec" }));
    expect(run.status).toBe("Completed");
    expect(run.output).toBe("ok");
    expect(calls.get("recovers")).toBe(3);
    await settle();
    expect(failureHandlerCalls.filter((call) => call.key === "rec")).toHaveLength(0);
  });

  it("gives a NonRetriableError exactly one attempt", async () => {
    const run = await h.settledRunOf(await h.send("test/non-retriable"));
    expect(run.status).toBe("Failed");
    expect(run.error?.message).toContain("do not retry me");
    expect(calls.get("non-retriable")).toBe(1);
  });

  it("retries errors thrown outside steps as function-level attempts", async () => {
    const run = await h.settledRunOf(await h.send("test/body-fails"));
    expect(run.status).toBe("Failed");
    expect(calls.get("body-fails")).toBe(2);
  });

  it("honours Retry-After instead of the short local backoff", async () => {
    const run = await h.settledRunOf(await h.send("test/retry-after"));
    expect(run.output).toBe("done");
    const [first, second] = attemptTimes;
    // A lower bound only: a slow machine can delay the retry further but never bring it forward.
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(900);
  });
});
