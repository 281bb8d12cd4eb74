import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunView } from "./index";
import { hashedSigningKey } from "./signing";
import type { Harness } from "./test-harness";
import { eventually, startHarness } from "./test-harness";

let h: Harness;
let bearer: Record<string, string>;

beforeAll(async () => {
  h = await startHarness("test-app-rest", (inngest) => [
    inngest.createFunction({ id: "sleeper", triggers: [{ event: "test/sleeper" }] }, async ({ step }) => {
      await step.sleep("nap", "1m");
    }),
    inngest.createFunction({ id: "huge", retries: 1, triggers: [{ event: "test/huge" }] }, async ({ step }) =>
      step.run("too-big", () => "x".repeat(4 * 1024 * 1024 + 1)),
    ),
  ]);
  bearer = { authorization: `Bearer ${hashedSigningKey(h.keys.signingKey)}` };
});

afterAll(() => h.close());

async function call<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${h.executor.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function sleepingRun(tag: string): Promise<RunView> {
  const eventId = await h.send("test/sleeper", { tag });
  const run = await eventually(() => h.executor.runsForEvent(eventId)[0]);
  await eventually(() => h.executor.getRun(run.run_id)?.steps.some((step) => step.op === "Sleep"));
  return run;
}

describe("REST API v1, as Inngest answers it", () => {
  it("lists events newest first, by name, with their ULID and the sender's id, paged by cursor", async () => {
    const own = await h.inngest.send({ name: "test/listed", data: { n: 1 }, id: "sender-chosen-id" });
    await h.send("test/listed", { n: 2 });
    await h.send("test/listed", { n: 3 });
    type Listed = { data: Array<{ internal_id: string; id: string; data: { n: number } }> };
    const page = await call<Listed>("/v1/events?name=test/listed&limit=2");
    expect(page.body.data.map((event) => event.data.n)).toEqual([3, 2]);
    const last = page.body.data[1]?.internal_id;
    const next = await call<Listed>(`/v1/events?name=test/listed&limit=2&cursor=${last}`);
    expect(next.body.data).toEqual([
      expect.objectContaining({ internal_id: own.ids[0], id: "sender-chosen-id", data: { n: 1 } }),
    ]);
  });

  it("cancels one run with DELETE /v1/runs/:id, only with the signing key", async () => {
    const run = await sleepingRun("delete");
    expect(await call(`/v1/runs/${run.run_id}`, { method: "DELETE" })).toEqual({
      status: 401,
      body: { error: "No auth found", status: 401 },
    });
    expect(h.executor.getRun(run.run_id)?.status).toBe("Running");
    expect((await call(`/v1/runs/${run.run_id}`, { method: "DELETE", headers: bearer })).status).toBe(200);
    expect((await h.executor.waitForRun(run.run_id)).status).toBe("Cancelled");
  });

  it("cancels in bulk the runs of a function started in a window that match `if`", async () => {
    const kept = await sleepingRun("keep");
    const doomed = await sleepingRun("cancel");
    const cancellation = (body: unknown) =>
      call<{ data: Record<string, unknown> }>("/v1/cancellations", {
        method: "POST",
        headers: bearer,
        body: JSON.stringify(body),
      });
    const window = { started_before: new Date().toISOString() };
    expect((await cancellation({ app_id: "test-app-rest", ...window })).body).toEqual({
      error: "function_id is required",
      status: 400,
    });
    expect((await cancellation({ app_id: "other-app", function_id: "sleeper", ...window })).status).toBe(404);
    const created = await cancellation({
      app_id: "test-app-rest",
      function_id: "sleeper",
      ...window,
      if: "event.data.tag == 'cancel'",
    });
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({ function_id: "test-app-rest-sleeper", kind: "bulk_run" });
    expect((await h.executor.waitForRun(doomed.run_id)).status).toBe("Cancelled");
    expect(h.executor.getRun(kept.run_id)?.status).toBe("Running");
  });
});

describe("size limits", () => {
  it("refuses an event over 512 KB with Inngest's error, and starts nothing", async () => {
    const response = await call<{ ids: string[]; status: number; error: string }>(`/e/${h.keys.eventKey}`, {
      method: "POST",
      body: JSON.stringify({ name: "test/sleeper", data: { blob: "x".repeat(512 * 1024) } }),
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ ids: [], status: 400 });
    expect(response.body.error).toMatch(/^Event is over the max size: Max 524288 bytes \/ Size \d+ bytes$/);
  });

  it("fails a run whose step output is over 4 MB", async () => {
    const run = await h.settledRunOf(await h.send("test/huge"));
    expect(run.status).toBe("Failed");
    expect(run.error?.message).toMatch(/step output size is greater than the limit$/);
  });
});
