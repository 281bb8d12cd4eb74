import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest, referenceFunction } from "inngest";
import { serve } from "inngest/node";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { EmbeddedExecutor } from "./index";
import { silentLogger as silent, startEmbeddedExecutor } from "./index";
import { eventually, testKeys } from "./test-harness";

/** An app whose client runs in dev mode (no keys), as the SDK's integration suite runs it. */
let executor: EmbeddedExecutor;
let app: Server;
let inngest: Inngest;
let appUrl: string;

beforeAll(async () => {
  executor = await startEmbeddedExecutor({
    keys: testKeys(),
    port: 0,
    devServer: true,
    logger: silent,
    retryBackoffMs: () => 20,
  });
  inngest = new Inngest({ id: "dev-app", isDev: true, baseUrl: executor.url, logger: silent });
  const functions = [
    inngest.createFunction(
      { id: "traced", name: "Traced", retries: 1, triggers: [{ event: "dev/traced" }] },
      async ({ step, attempt }) => {
        const flaky = await step.run("flaky", () => {
          if (attempt === 0) throw new Error("first try fails");
          return "second try";
        });
        const caught = await step
          .run("always fails", () => {
            throw new Error("broken", { cause: new Error("the cause") });
          })
          .catch((err: Error) => err.message);
        return { flaky, caught };
      },
    ),
    inngest.createFunction({ id: "two-steps", triggers: [{ event: "dev/two" }] }, async ({ step }) => {
      const one = await step.run("one", () => 1);
      return step.run("two", () => one + 1);
    }),
    inngest.createFunction(
      { id: "invokes-nothing", triggers: [{ event: "dev/invoke" }] },
      async ({ step }) => {
        await step.invoke("missing", { function: referenceFunction({ functionId: "no-such-fn" }) });
      },
    ),
  ];
  app = createServer(serve({ client: inngest, functions }));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  await executor.sync(appUrl);
});

afterAll(async () => {
  await executor.close();
  app.closeAllConnections();
  app.close();
});

async function gql<T>(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${executor.url}/v0/gql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: T; errors?: unknown[] } };
}

interface Span {
  name: string;
  stepType: string;
  status: string;
  attempts: number;
  outputID: string | null;
  childrenSpans: Span[];
}

const SPAN_FIELDS = "name stepType status attempts outputID";
const traceQuery = `query ($runId: String!) {
  run(runID: $runId) {
    status
    trace(preview: true) { ${SPAN_FIELDS} childrenSpans { ${SPAN_FIELDS} childrenSpans { ${SPAN_FIELDS} } } }
  }
}`;

async function settledTrace(eventId: string): Promise<Span> {
  const runId = await eventually(() => executor.runsForEvent(eventId)[0]?.run_id);
  await executor.waitForRun(runId);
  const { body } = await gql<{ run: { trace: Span } }>(traceQuery, { runId });
  return body.data?.run.trace as Span;
}

async function output(outputId: string | null) {
  const { body } = await gql<{ runTraceSpanOutputByID: unknown }>(
    `query ($id: String!) { runTraceSpanOutputByID(outputID: $id) { data error { name message stack cause } } }`,
    { id: outputId },
  );
  return body.data?.runTraceSpanOutputByID;
}

const childNamed = (span: Span, name: string) => span.childrenSpans.find((child) => child.name === name);

describe("dev-server mode", () => {
  it("takes the sync of an SDK in dev mode, unsigned, and lists its functions on GET /dev", async () => {
    const info = (await (await fetch(`${executor.url}/dev`)).json()) as {
      functions: Array<{ id: string; name: string; slug: string; triggers: unknown; steps: unknown }>;
    };
    const traced = info.functions.find((fn) => fn.slug === "dev-app-traced");
    expect(traced).toMatchObject({
      name: "Traced",
      triggers: [{ event: "dev/traced" }],
      steps: [{ id: "step", name: "step", uri: `${appUrl}?fnId=dev-app-traced&stepId=step` }],
    });
    expect(traced?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("accepts events under any key and lists them with their runs in the event stream", async () => {
    const { ids } = await inngest.send({ name: "dev/traced", data: { n: 1 } });
    const eventId = ids[0] as string;
    const runId = await eventually(() => executor.runsForEvent(eventId)[0]?.run_id);
    await executor.waitForRun(runId);

    const events = await gql<{ events: Array<{ id: string; name: string; payload: string }> }>(
      `query Events($query: EventsQuery!) { events(query: $query) { id name payload } }`,
      { query: {} },
    );
    expect(events.body.data?.events).toContainEqual({ id: eventId, name: "dev/traced", payload: '{"n":1}' });

    const streamQuery = (internal: boolean) =>
      gql<{
        stream: Array<{
          id: string;
          trigger: string;
          runs: Array<{ id: string; function: { name: string } }>;
        }>;
      }>(
        `query ($internal: Boolean) {
          stream(query: { limit: 999, includeInternalEvents: $internal }) { id trigger runs { id function { name } } }
        }`,
        { internal },
      );
    const stream = (await streamQuery(false)).body.data?.stream ?? [];
    expect(stream).toContainEqual({
      id: eventId,
      trigger: "dev/traced",
      runs: [{ id: runId, function: { name: "Traced" } }],
    });
    expect(stream.some((item) => item.trigger.startsWith("inngest/"))).toBe(false);
    const withInternal = await eventually(async () => {
      const items = (await streamQuery(true)).body.data?.stream ?? [];
      return items.some((item) => item.trigger === "inngest/function.finished") && items;
    });
    expect(withInternal.length).toBeGreaterThan(stream.length);
  });

  it("answers a run's trace: each step with its attempts, the finalization and the run's output", async () => {
    const { ids } = await inngest.send({ name: "dev/traced", data: {} });
    const trace = await settledTrace(ids[0] as string);
    expect(trace).toMatchObject({ name: "Traced", status: "COMPLETED", stepType: "" });

    const flaky = childNamed(trace, "flaky") as Span;
    expect(flaky).toMatchObject({ stepType: "RUN", status: "COMPLETED", attempts: 1 });
    expect(flaky.childrenSpans.map(({ name, status }) => [name, status])).toEqual([
      ["Attempt 0", "FAILED"],
      ["Attempt 1", "COMPLETED"],
    ]);
    expect(await output(flaky.outputID)).toEqual({ data: '"second try"', error: null });
    expect(await output(flaky.childrenSpans[0]?.outputID ?? null)).toMatchObject({
      data: null,
      error: { name: "Error", message: "first try fails", cause: null },
    });

    const failing = childNamed(trace, "always fails") as Span;
    expect(failing).toMatchObject({ stepType: "RUN", status: "FAILED", attempts: 1 });
    expect(await output(failing.outputID)).toEqual({
      data: null,
      error: {
        name: "Error",
        message: "broken",
        stack: expect.any(String),
        cause: expect.objectContaining({ name: "Error", message: "the cause" }),
      },
    });

    expect(childNamed(trace, "Finalization")).toMatchObject({
      stepType: "FINALIZATION",
      status: "COMPLETED",
    });
    expect(await output(trace.outputID)).toEqual({
      data: JSON.stringify({ flaky: "second try", caught: "broken" }),
      error: null,
    });
  });

  it("fails an invoke of an unknown function with Inngest's error", async () => {
    const { ids } = await inngest.send({ name: "dev/invoke", data: {} });
    const trace = await settledTrace(ids[0] as string);
    expect(trace.status).toBe("FAILED");
    const invoke = childNamed(trace, "missing") as Span;
    expect(invoke).toMatchObject({ stepType: "INVOKE", status: "FAILED" });
    expect(await output(invoke.outputID)).toMatchObject({
      error: { name: "Error", message: "could not find function with ID: dev-app-no-such-fn" },
    });
    expect(childNamed(trace, "Finalization")).toMatchObject({ stepType: "FINALIZATION", status: "FAILED" });
  });

  it("calls apps as the dev server does, with x-inngest-server-kind: dev", async () => {
    const kinds: unknown[] = [];
    const bare = createServer((req, res) => {
      kinds.push(req.headers["x-inngest-server-kind"]);
      res.writeHead(200, { "content-type": "application/json" }).end('"done"');
    });
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/api/inngest`;
    try {
      const step = {
        id: "step",
        name: "step",
        runtime: { type: "http", url: `${url}?fnId=bare-fn&stepId=step` },
      };
      const register = await fetch(`${executor.url}/fn/register`, {
        method: "POST",
        body: JSON.stringify({
          url,
          appName: "bare-app",
          functions: [{ id: "bare-fn", triggers: [{ event: "dev/bare" }], steps: { step } }],
        }),
      });
      expect(register.status).toBe(200);
      const { ids } = await inngest.send({ name: "dev/bare", data: {} });
      const runId = await eventually(() => executor.runsForEvent(ids[0] as string)[0]?.run_id);
      expect((await executor.waitForRun(runId)).output).toBe("done");
      expect(kinds).toEqual(["dev"]);
    } finally {
      bare.closeAllConnections();
      bare.close();
    }
  });

  it("takes checkpoints without a bearer, as the SDK in dev mode sends none", async () => {
    // Both steps run in the first call and are checkpointed; the trace shows them as any step.
    const trace = await settledTrace((await inngest.send({ name: "dev/two", data: {} })).ids[0] as string);
    expect(trace.status).toBe("COMPLETED");
    for (const name of ["one", "two"]) {
      expect(childNamed(trace, name)).toMatchObject({ stepType: "RUN", status: "COMPLETED", attempts: 0 });
    }
    expect(await output(trace.outputID)).toEqual({ data: "2", error: null });
    const response = await fetch(`${executor.url}/v1/checkpoint/${ulid()}/async`, {
      method: "POST",
      body: JSON.stringify({ qi_id: "gone", steps: [] }),
    });
    expect(response.status).toBe(409); // authenticated, then stale: no such run
  });

  it("refuses fields the executor does not serve, as GraphQL validation errors", async () => {
    const { status, body } = await gql(`{ functions { id } }`);
    expect(status).toBe(422);
    expect(JSON.stringify(body.errors)).toContain('Cannot query field \\"functions\\"');
    expect((await gql(`{ run(runID: "01ARZ3NDEKTSV4RRFFQ69G5FAV") { id } }`)).body).toEqual({
      data: { run: null },
    });
  });
});

describe("outside dev-server mode", () => {
  it("has no /dev or /v0/gql", async () => {
    const plain = await startEmbeddedExecutor({ keys: testKeys(), port: 0, logger: silent });
    try {
      expect((await fetch(`${plain.url}/dev`)).status).toBe(404);
      const gqlAnswer = await fetch(`${plain.url}/v0/gql`, {
        method: "POST",
        body: JSON.stringify({ query: "{}" }),
      });
      expect(gqlAnswer.status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it("refuses dev-server mode under NODE_ENV=production, even with allowProduction", async () => {
    vi.stubEnv("NODE_ENV", "production");
    try {
      await expect(
        startEmbeddedExecutor({ keys: testKeys(), port: 0, devServer: true, allowProduction: true }),
      ).rejects.toThrow(/dev-server mode/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
