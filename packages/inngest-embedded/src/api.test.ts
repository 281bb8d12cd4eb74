import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest, NonRetriableError } from "inngest";
import { serve } from "inngest/node";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunView } from "./index";
import { silentLogger as silent, startEmbeddedExecutor } from "./index";
import { hashedSigningKey } from "./signing";
import type { Harness } from "./test-harness";
import { clientFor, eventually, startHarness, testKeys } from "./test-harness";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("test-app-api", (inngest) => [
    inngest.createFunction({ id: "ok", triggers: [{ event: "test/ok" }] }, async ({ step }) =>
      step.run("<script>alert(1)</script>", () => ({ html: "<b>&</b>" })),
    ),
    inngest.createFunction({ id: "fails", retries: 0, triggers: [{ event: "test/fails" }] }, async () => {
      throw new NonRetriableError("nope");
    }),
    inngest.createFunction(
      { id: "cancellable", cancelOn: [{ event: "test/stop" }], triggers: [{ event: "test/cancellable" }] },
      async ({ step }) => {
        await step.sleep("wait", "1m");
      },
    ),
  ]);
});

afterAll(() => h.close());

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${h.executor.url}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

describe("runs REST API", () => {
  it("reports Completed, Failed and Cancelled runs by event id and by run id", async () => {
    const ok = await h.send("test/ok");
    const fails = await h.send("test/fails");
    const cancellable = await h.send("test/cancellable");
    await eventually(() => h.executor.runsForEvent(cancellable)[0]?.steps.length);
    await h.send("test/stop");

    const statusOf = async (eventId: string, wanted: string) => {
      return eventually(async () => {
        const { body } = await getJson<{ data: RunView[] }>(`/v1/events/${eventId}/runs`);
        const run = body.data[0];
        return run?.status === wanted && run;
      });
    };
    const completed = await statusOf(ok, "Completed");
    expect(completed.output).toEqual({ html: "<b>&</b>" });
    expect(completed.function_id).toBe("test-app-api-ok");
    expect(completed.event_id).toBe(ok);
    expect(typeof completed.run_started_at).toBe("string");
    expect(typeof completed.ended_at).toBe("string");
    expect((await statusOf(fails, "Failed")).output).toMatchObject({ message: "nope" });
    await statusOf(cancellable, "Cancelled");

    const byId = await getJson<{ data: RunView }>(`/v1/runs/${completed.run_id}`);
    expect(byId.body.data).toMatchObject({ run_id: completed.run_id, status: "Completed" });
    expect(await getJson(`/v1/runs/${ulid()}`)).toMatchObject({ status: 404 });
    expect((await getJson<{ data: RunView[] }>(`/v1/events/${ulid()}/runs`)).body.data).toEqual([]);
    // Like Inngest, ids that are not ULIDs are refused rather than looked up.
    expect(await getJson("/v1/runs/unknown")).toEqual({
      status: 400,
      body: { error: "Invalid run ID: unknown", status: 400 },
    });
    expect(await getJson("/v1/events/my-own-id/runs")).toEqual({
      status: 400,
      body: { error: "Invalid event ID: my-own-id", status: 400 },
    });
  });

  it("serves an HTML page of recent runs with all content escaped", async () => {
    await h.settledRunOf(await h.send("test/ok"));
    const html = await (await fetch(`${h.executor.url}/`)).text();
    expect(html).toContain("test-app-api-ok");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>&");
  });

  it("answers health checks", async () => {
    expect(await getJson("/health")).toEqual({ status: 200, body: { ok: true } });
  });
});

describe("protocol surface", () => {
  it("answers event posts with exactly {ids, status} and rejects malformed events", async () => {
    const post = (body: unknown) =>
      fetch(`${h.executor.url}/e/${h.keys.eventKey}`, { method: "POST", body: JSON.stringify(body) });
    const single = await post({ name: "test/nothing-listens", data: {} });
    const body = await single.json();
    expect(Object.keys(body).sort()).toEqual(["ids", "status"]);
    expect(body.status).toBe(200);
    expect(body.ids).toHaveLength(1);
    expect((await post([{ data: {} }])).status).toBe(400);
  });

  it("replaces an app's functions on re-sync", async () => {
    const register = (functions: unknown[]) =>
      fetch(`${h.executor.url}/fn/register`, {
        method: "POST",
        headers: { authorization: `Bearer ${hashedSigningKey(h.keys.signingKey)}` },
        body: JSON.stringify({ url: h.appUrl, appName: "resync-app", functions }),
      }).then((response) => response.json());
    const fn = {
      id: "resync-app-fn",
      triggers: [{ event: "test/resync" }],
      steps: {
        step: { id: "step", name: "step", runtime: { type: "http", url: `${h.appUrl}?fnId=resync-app-fn` } },
      },
    };
    expect(await register([fn])).toEqual({ ok: true, modified: true });
    const before = await h.send("test/resync");
    expect(h.executor.runsForEvent(before)).toHaveLength(1);
    await register([]);
    const after = await h.send("test/resync");
    expect(h.executor.runsForEvent(after)).toEqual([]);
  });
});

describe("startup", () => {
  it("syncs appUrls in the background, retrying until the app answers", async () => {
    let refusals = 2; // like `next dev` compiling the route on first hit
    let handler: ReturnType<typeof serve> | undefined;
    const app = createServer((req, res) => {
      if (!handler || refusals-- > 0) {
        res.writeHead(503).end();
        return;
      }
      handler(req, res);
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
    const keys = testKeys();
    const executor = await startEmbeddedExecutor({
      keys,
      port: 0,
      appUrls: [appUrl],
      logger: silent,
      retryBackoffMs: () => 20,
    });
    try {
      const inngest = clientFor("test-app-boot", executor, keys);
      const fn = inngest.createFunction(
        { id: "hello", triggers: [{ event: "test/boot" }] },
        async () => "hi",
      );
      handler = serve({ client: inngest, functions: [fn] });
      await eventually(async () => {
        const { ids } = await inngest.send({ name: "test/boot", data: {} });
        return executor.runsForEvent(ids[0] ?? "")[0];
      });
      expect(refusals).toBeLessThan(0);
    } finally {
      await executor.close();
      app.closeAllConnections();
      app.close();
    }
  });

  it("refuses non-loopback hosts", async () => {
    await expect(startEmbeddedExecutor({ keys: testKeys(), host: "0.0.0.0", port: 0 })).rejects.toThrow(
      /loopback/,
    );
  });

  it("refuses NODE_ENV=production unless explicitly allowed", async () => {
    vi.stubEnv("NODE_ENV", "production");
    try {
      await expect(startEmbeddedExecutor({ keys: testKeys(), port: 0 })).rejects.toThrow(/production/);
      const allowed = await startEmbeddedExecutor({
        keys: testKeys(),
        port: 0,
        allowProduction: true,
        logger: { info() {}, warn() {}, error() {}, debug() {} },
      });
      await allowed.close();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("keys", () => {
  it("refuses events without this executor's event key", async () => {
    const stranger = new Inngest({
      id: "stranger",
      isDev: false,
      baseUrl: h.executor.url,
      ...testKeys(),
      logger: silent,
    });
    await expect(stranger.send({ name: "test/ok", data: {} })).rejects.toThrow();
    const unkeyed = await fetch(`${h.executor.url}/e/NO_EVENT_KEY_SET`, {
      method: "POST",
      body: JSON.stringify([{ name: "test/ok", data: {} }]),
    });
    expect(unkeyed.status).toBe(401);
  });

  it("refuses a sync that does not carry its signing key", async () => {
    const other = testKeys();
    const impostor = new Inngest({
      id: "test-app-api",
      isDev: false,
      baseUrl: h.executor.url,
      ...other,
      logger: silent,
    });
    const app = createServer(serve({ client: impostor, functions: [] }));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    try {
      const put = await fetch(`http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`, {
        method: "PUT",
      });
      expect(put.status).toBe(401);
      // The functions synced with the right key are still registered.
      const ok = await h.send("test/ok");
      expect((await h.settledRunOf(ok)).status).toBe("Completed");
    } finally {
      app.closeAllConnections();
      app.close();
    }
  });

  it.each([
    ["throttle", { throttle: { limit: 1, period: "1s" as const } }],
    ["rateLimit", { rateLimit: { limit: 1, period: "1s" as const } }],
    ["debounce", { debounce: { period: "1s" as const } }],
    ["batchEvents", { batchEvents: { maxSize: 10, timeout: "1s" as const } }],
    ["priority", { priority: { run: "0" } }],
  ])("fails the sync of a function using %s, naming it", async (option, options) => {
    let handler: ReturnType<typeof serve> | undefined;
    const app = createServer((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
    const keys = testKeys();
    const executor = await startEmbeddedExecutor({ keys, port: 0, appUrls: [appUrl], logger: silent });
    const inngest = clientFor("test-app-unsupported", executor, keys);
    const fn = inngest.createFunction(
      { id: "limited", triggers: [{ event: "test/limited" }], ...options },
      () => 1,
    );
    handler = serve({ client: inngest, functions: [fn] });
    try {
      const put = await fetch(appUrl, { method: "PUT" });
      expect(put.status).toBe(400);
      expect(await put.text()).toContain(option);
    } finally {
      await executor.close();
      app.closeAllConnections();
      app.close();
    }
  });
});
