import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest } from "inngest";
import { serve as serveFetch } from "inngest/edge";
import { serve as serveNode } from "inngest/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedExecutor, type InProcessApp, silentLogger, startEmbeddedExecutor } from "./index";
import { eventually, testKeys } from "./test-harness";

const keys = testKeys();
let executor: EmbeddedExecutor;
let app: Server;
let appUrl: string;
/** POSTs (function calls) that reached the app's socket. */
let callsOverHttp = 0;
/** What the executor hands to the app in process, by the test: the handler, or one in its place. */
let inProcess: InProcessApp | undefined;
let callsInProcess = 0;

const client = (signingKey = keys.signingKey) =>
  new Inngest({
    id: "app-in-process",
    isDev: false,
    signingKey,
    eventKey: keys.eventKey,
    logger: silentLogger,
    fetch: (input, init) => executor.fetch(input, init),
    get baseUrl() {
      return executor.url;
    },
  });

/** The same function behind either adapter: two steps, then their sum. */
const functionsOf = (inngest: Inngest) => [
  inngest.createFunction(
    { id: "two-steps", retries: 1, triggers: [{ event: "test/app-in-process" }] },
    async ({ step }) => {
      const a = await step.run("a", () => 20);
      const b = await step.run("b", () => a + 1);
      return a + b;
    },
  ),
];

const fetchHandler = (signingKey?: string): InProcessApp => {
  const inngest = client(signingKey);
  return serveFetch({ client: inngest, functions: functionsOf(inngest) });
};

async function runOnce() {
  const { ids } = await client().send({ name: "test/app-in-process", data: {} });
  const run = await eventually(() => executor.runsForEvent(ids[0] ?? "")[0]);
  return executor.waitForRun(run.run_id);
}

beforeAll(async () => {
  executor = await startEmbeddedExecutor({
    keys,
    port: 0,
    logger: silentLogger,
    retryBackoffMs: () => 20,
    appInProcess: (url) =>
      url.startsWith(appUrl) && inProcess
        ? (request) => {
            callsInProcess += 1;
            return (inProcess as InProcessApp)(request);
          }
        : undefined,
  });
  const inngest = client();
  const overHttp = serveNode({ client: inngest, functions: functionsOf(inngest) });
  app = createServer((req, res) => {
    if (req.method === "POST") callsOverHttp += 1;
    return overHttp(req, res);
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  await executor.sync(appUrl);
});

afterAll(async () => {
  await executor.close();
  app.closeAllConnections();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

describe("appInProcess: the executor calls an app of its own process without a socket", () => {
  it("runs the function through the app's handler, and no call reaches the app's socket", async () => {
    inProcess = fetchHandler();
    callsOverHttp = 0;
    callsInProcess = 0;
    const run = await runOnce();
    expect(run.status).toBe("Completed");
    expect(run.output).toBe(41);
    expect(callsInProcess).toBeGreaterThan(0);
    expect(callsOverHttp).toBe(0);
  });

  it("goes over HTTP for a URL it is not offered", async () => {
    inProcess = undefined;
    callsOverHttp = 0;
    callsInProcess = 0;
    const run = await runOnce();
    expect(run.status).toBe("Completed");
    expect(callsInProcess).toBe(0);
    expect(callsOverHttp).toBeGreaterThan(0);
  });

  it("signs each call: an app holding another signing key refuses it, and the run fails", async () => {
    inProcess = fetchHandler(testKeys().signingKey);
    callsInProcess = 0;
    const run = await runOnce();
    expect(run.status).toBe("Failed");
    // Both attempts (retries: 1) were made in process and refused.
    expect(callsInProcess).toBe(2);
    expect(JSON.stringify(run.output)).toMatch(/unauthorized/i);
  });

  it("takes a handler that throws for a lost connection: the call is retried", async () => {
    const handler = fetchHandler();
    let thrown = 0;
    inProcess = async (request) => {
      if (thrown === 0) {
        thrown += 1;
        throw new Error("socket hang up");
      }
      return handler(request);
    };
    const run = await runOnce();
    expect(run.status).toBe("Completed");
    expect(run.output).toBe(41);
    expect(thrown).toBe(1);
  });
});
