import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type EmbeddedExecutor, silentLogger, startEmbeddedExecutor } from "./index";
import { eventually, testKeys } from "./test-harness";

/** The origins of the requests the global fetch (undici) made while a test ran. */
const globalFetches: string[] = [];
const onRequest = (message: unknown) => {
  const { request } = message as { request: { origin: string } };
  globalFetches.push(String(request.origin));
};

let executor: EmbeddedExecutor;
let app: Server;
let appUrl: string;
let calls = 0;
const keys = testKeys();

/** An app client as the app makes one when it runs the executor itself: `fetch: executor.fetch`. */
const inProcessClient = (eventKey = keys.eventKey) =>
  new Inngest({
    id: "in-process-app",
    isDev: false,
    baseUrl: executor.url,
    signingKey: keys.signingKey,
    eventKey,
    logger: silentLogger,
    fetch: executor.fetch,
  });

beforeAll(async () => {
  executor = await startEmbeddedExecutor({ keys, port: 0, logger: silentLogger, retryBackoffMs: () => 20 });
  const inngest = inProcessClient();
  const steps = inngest.createFunction(
    { id: "three-steps", triggers: [{ event: "test/in-process" }] },
    async ({ step }) => {
      const a = await step.run("a", () => 1);
      const b = await step.run("b", () => a + 1);
      return step.run("c", () => a + b);
    },
  );
  const handler = serve({ client: inngest, functions: [steps] });
  app = createServer((req, res) => {
    if (req.method === "POST") calls += 1;
    return handler(req, res);
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  await executor.sync(appUrl);
  subscribe("undici:request:create", onRequest);
});

afterEach(() => {
  globalFetches.length = 0;
  vi.restoreAllMocks();
});

afterAll(async () => {
  unsubscribe("undici:request:create", onRequest);
  await executor.close();
  app.closeAllConnections();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

describe("executor.fetch: the app's client in the executor's process", () => {
  it("sends events and checkpoints without the global fetch, and the run completes in one call", async () => {
    calls = 0;
    const { ids } = await inProcessClient().send({ name: "test/in-process", data: {} });
    const run = await eventually(() => executor.runsForEvent(ids[0] ?? "")[0]);
    const settled = await executor.waitForRun(run.run_id);
    expect(settled.status).toBe("Completed");
    expect(settled.output).toBe(3);
    // One call: its three steps were checkpointed through executor.fetch, not returned as 206s.
    expect(calls).toBe(1);
    expect(globalFetches.filter((origin) => origin === executor.url)).toEqual([]);
  });

  it("checks the event key as over HTTP", async () => {
    await expect(inProcessClient("wrong-key").send({ name: "test/in-process", data: {} })).rejects.toThrow();
    const answer = await executor.fetch(`${executor.url}/e/wrong-key`, { method: "POST", body: "[]" });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ status: 401 });
  });

  it("sends a request for another origin through the global fetch", async () => {
    const answer = await executor.fetch(appUrl);
    // The app's serve endpoint refusing an unsigned inspection; the executor has no such route (404).
    expect(answer.status).toBe(401);
    expect(globalFetches).toEqual([new URL(appUrl).origin]);
  });
});

describe("the SDK's request signatures (patches/inngest+4.24.0.patch)", () => {
  it("signs and verifies calls with node:crypto, not WebCrypto", async () => {
    const sign = vi.spyOn(globalThis.crypto.subtle, "sign");
    const importKey = vi.spyOn(globalThis.crypto.subtle, "importKey");
    const { ids } = await inProcessClient().send({ name: "test/in-process", data: {} });
    const run = await eventually(() => executor.runsForEvent(ids[0] ?? "")[0]);
    expect((await executor.waitForRun(run.run_id)).status).toBe("Completed");
    expect(sign).not.toHaveBeenCalled();
    expect(importKey).not.toHaveBeenCalled();
  });

  it("still refuses a call whose signature is wrong", async () => {
    const answer = await fetch(`${appUrl}?fnId=in-process-app-three-steps&stepId=step`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-inngest-signature": `t=${Math.floor(Date.now() / 1000)}&s=00`,
      },
      body: JSON.stringify({ event: { name: "test/in-process", data: {} }, steps: {}, ctx: {} }),
    });
    expect(answer.status).toBe(401);
  });
});
