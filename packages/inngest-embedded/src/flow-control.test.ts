import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./test-harness";
import { eventually, settle, startHarness } from "./test-harness";

const active = new Map<string, number>();
const maxActive = new Map<string, number>();
let activeOverall = 0;
let maxActiveOverall = 0;
const calls = new Map<string, number>();
const count = (key: string) => calls.set(key, (calls.get(key) ?? 0) + 1);

let releaseHolder: () => void = () => {};
const holderGate = new Promise<void>((resolve) => {
  releaseHolder = resolve;
});

let h: Harness;

beforeAll(async () => {
  h = await startHarness("test-app-flow", (inngest) => [
    inngest.createFunction(
      {
        id: "per-user",
        concurrency: { limit: 1, key: "event.data.userId" },
        triggers: [{ event: "test/per-user" }],
      },
      async ({ event, step }) => {
        const user = event.data.userId as string;
        for (const part of ["one", "two"]) {
          await step.run(part, async () => {
            active.set(user, (active.get(user) ?? 0) + 1);
            activeOverall += 1;
            maxActive.set(user, Math.max(maxActive.get(user) ?? 0, active.get(user) ?? 0));
            maxActiveOverall = Math.max(maxActiveOverall, activeOverall);
            await new Promise((resolve) => setTimeout(resolve, 60));
            active.set(user, (active.get(user) ?? 0) - 1);
            activeOverall -= 1;
          });
        }
      },
    ),
    inngest.createFunction(
      {
        id: "single-slot",
        concurrency: 1,
        cancelOn: [{ event: "test/single-slot.cancel", if: "event.data.n == async.data.n" }],
        triggers: [{ event: "test/single-slot" }],
      },
      async ({ event, step }) => {
        await step.run("work", async () => {
          count(`single-slot:${event.data.n}`);
          if (event.data.n === 1) await holderGate;
        });
      },
    ),
    inngest.createFunction(
      { id: "idempotent", idempotency: "event.data.photoId", triggers: [{ event: "test/idempotent" }] },
      async ({ event }) => {
        count(`idempotent:${event.data.photoId}`);
      },
    ),
    inngest.createFunction({ id: "counted", triggers: [{ event: "test/counted" }] }, async ({ event }) => {
      count(`counted:${event.data.n}`);
    }),
    inngest.createFunction(
      { id: "ticker", triggers: [{ cron: "TZ=Europe/Paris * * * * * *" }] },
      async ({ event }) => {
        count("ticker");
        return event.name;
      },
    ),
    inngest.createFunction(
      { id: "too-slow", timeouts: { finish: "1s" }, triggers: [{ event: "test/too-slow" }] },
      async ({ step }) => {
        await step.sleep("long", "1m");
      },
    ),
  ]);
});

afterAll(() => h.close());

describe("concurrency", () => {
  it("never exceeds the limit for one key while other keys run in parallel", async () => {
    const ids = await Promise.all(
      ["u1", "u2", "u3"].flatMap((userId) => [1, 2, 3].map(() => h.send("test/per-user", { userId }))),
    );
    const runs = await Promise.all(ids.map((id) => h.settledRunOf(id)));
    expect(runs.map((run) => run.status)).toEqual(Array(9).fill("Completed"));
    expect([...maxActive.values()]).toEqual([1, 1, 1]);
    expect(maxActiveOverall).toBeGreaterThan(1);
  });

  it("cancels a run still queued for a slot; its step never runs", async () => {
    const holder = await h.send("test/single-slot", { n: 1 });
    await eventually(() => calls.get("single-slot:1") === 1);
    const queuedEvent = await h.send("test/single-slot", { n: 2 });
    const queued = await eventually(() => h.executor.runsForEvent(queuedEvent)[0]);
    await h.send("test/single-slot.cancel", { n: 2 });
    expect((await h.executor.waitForRun(queued.run_id)).status).toBe("Cancelled");
    releaseHolder();
    expect((await h.settledRunOf(holder)).status).toBe("Completed");
    await settle();
    expect(calls.get("single-slot:2")).toBeUndefined();
  });
});

describe("idempotency", () => {
  it("starts one run per function idempotency key", async () => {
    const first = await h.send("test/idempotent", { photoId: "p1" });
    const duplicate = await h.send("test/idempotent", { photoId: "p1" });
    const other = await h.send("test/idempotent", { photoId: "p2" });
    await h.settledRunOf(first);
    await h.settledRunOf(other);
    expect(h.executor.runsForEvent(duplicate)).toEqual([]);
    expect([calls.get("idempotent:p1"), calls.get("idempotent:p2")]).toEqual([1, 1]);
  });

  it("drops events whose id was already seen", async () => {
    const first = await h.send("test/counted", { n: 1 }, "order-42");
    const again = await h.send("test/counted", { n: 1 }, "order-42");
    expect(again).toBe(first);
    await h.settledRunOf(await h.send("test/counted", { n: 2 }));
    await h.settledRunOf(first);
    expect(h.executor.runsForEvent(first)).toHaveLength(1);
    expect(calls.get("counted:1")).toBe(1);
  });

  it("maps a retried send (same x-inngest-event-id-seed) to the same ids and starts nothing new", async () => {
    const post = async () => {
      const response = await fetch(`${h.executor.url}/e/${h.keys.eventKey}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-inngest-event-id-seed": "1700000000000,AAECAwQFBgcICQ==",
        },
        body: JSON.stringify([
          { name: "test/counted", data: { n: 3 } },
          { name: "test/counted", data: { n: 4 } },
        ]),
      });
      return response.json() as Promise<{ ids: string[]; status: number }>;
    };
    const first = await post();
    const retry = await post();
    expect(first.status).toBe(200);
    expect(first.ids).toHaveLength(2);
    expect(new Set(first.ids).size).toBe(2);
    expect(retry).toEqual(first);
    await Promise.all(first.ids.map((id) => h.settledRunOf(id)));
    await h.settledRunOf(await h.send("test/counted", { n: 5 }));
    expect([calls.get("counted:3"), calls.get("counted:4")]).toEqual([1, 1]);
  });
});

describe("schedules and timeouts", () => {
  it("fires a per-second cron trigger (with a TZ= prefix) repeatedly", async () => {
    await eventually(() => (calls.get("ticker") ?? 0) >= 2, { timeoutMs: 10_000 });
    const ticks = h.executor.listRuns(500).filter((run) => run.function_id === "test-app-flow-ticker");
    expect(ticks.some((run) => run.status === "Completed" && run.output === "inngest/scheduled.timer")).toBe(
      true,
    );
  });

  it("cancels a run that exceeds timeouts.finish", async () => {
    const run = await h.settledRunOf(await h.send("test/too-slow"));
    expect(run.status).toBe("Cancelled");
  });
});
