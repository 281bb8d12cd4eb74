import type { Inngest } from "inngest";
import { serve as serveFetch } from "inngest/edge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InProcessApp } from "./index";
import { clientFor, type Harness, startHarness, testKeys } from "./test-harness";

let harness: Harness;
/** POSTs (function calls) that reached the app's socket. */
let callsOverHttp = 0;
/** What the executor hands the app's calls to in process, by the test: the handler, or a stand-in. */
let inProcess: InProcessApp | undefined;
let callsInProcess = 0;

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

/** The app's fetch-style handler, with the harness's keys or another signing key. */
const fetchHandler = (signingKey = harness.keys.signingKey): InProcessApp => {
  const inngest = clientFor("app-in-process", harness.executor, { ...harness.keys, signingKey });
  return serveFetch({ client: inngest, functions: functionsOf(inngest) });
};

async function runOnce() {
  return harness.settledRunOf(await harness.send("test/app-in-process"));
}

beforeAll(async () => {
  harness = await startHarness(
    "app-in-process",
    functionsOf,
    (handler) => (req, res) => {
      if (req.method === "POST") callsOverHttp += 1;
      return handler(req, res);
    },
    {
      appInProcess: (url) =>
        url.startsWith(harness.appUrl) && inProcess
          ? (request) => {
              callsInProcess += 1;
              return (inProcess as InProcessApp)(request);
            }
          : undefined,
    },
  );
});

afterAll(() => harness.close());

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
