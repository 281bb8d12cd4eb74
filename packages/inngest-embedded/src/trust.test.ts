import { request as httpRequest } from "node:http";
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Logger } from "./index";
import { silentLogger as silent, startEmbeddedExecutor } from "./index";
import { hashedSigningKey } from "./signing";
import type { Harness } from "./test-harness";
import { startHarness, testKeys } from "./test-harness";

/** Warnings the harness's executor logged, to show a refusal says so once. */
const warnings: string[] = [];
const recording: Logger = { ...silent, warn: (_fields, message) => void warnings.push(String(message)) };

let h: Harness;

beforeAll(async () => {
  h = await startHarness(
    "test-app-trust",
    (inngest) => [
      inngest.createFunction({ id: "ok", triggers: [{ event: "test/trust" }] }, async ({ step }) =>
        step.run("work", () => "done"),
      ),
    ],
    undefined,
    { logger: recording },
  );
});

afterAll(() => h.close());

/** node:http, since fetch will not send a `Host` of the caller's choosing. */
function requestAs(
  url: string,
  host: string,
  { method = "GET", headers = {} }: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { ...headers, host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const register = (body: unknown, authorization = `Bearer ${hashedSigningKey(h.keys.signingKey)}`) =>
  fetch(`${h.executor.url}/fn/register`, {
    method: "POST",
    headers: { authorization },
    body: JSON.stringify(body),
  });

const functionAt = (stepUrl: string) => ({
  id: "test-app-trust-ok",
  triggers: [{ event: "test/trust" }],
  steps: { step: { id: "step", name: "step", runtime: { type: "http", url: stepUrl } } },
});

/** The app's function still runs, on the app: nothing was re-pointed. */
async function stillRunsOnTheApp() {
  const run = await h.settledRunOf(await h.send("test/trust"));
  expect(run).toMatchObject({ status: "Completed", output: "done" });
}

describe("what a sync may register", () => {
  it("refuses (403, one warning) an app URL it was not configured with, changing nothing", async () => {
    const elsewhere = "http://127.0.0.1:9/api/inngest";
    const cases = [
      { url: elsewhere, appName: "test-app-trust", functions: [functionAt(`${elsewhere}?fnId=x`)] },
      // The app's own URL, with a function whose step would be called elsewhere.
      { url: h.appUrl, appName: "test-app-trust", functions: [functionAt(`${elsewhere}?fnId=x`)] },
      // Same origin, another path.
      { url: h.appUrl.replace("/api/inngest", "/other"), appName: "test-app-trust", functions: [] },
    ];
    for (const body of cases) {
      warnings.length = 0;
      const refused = await register(body);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ status: 403 });
      expect(warnings).toEqual(["sync refused: not an app URL this executor calls"]);
    }
    await stillRunsOnTheApp();
  });

  it("refuses an unsigned registration (401), changing nothing", async () => {
    const unsigned = await fetch(`${h.executor.url}/fn/register`, {
      method: "POST",
      body: JSON.stringify({ url: h.appUrl, appName: "test-app-trust", functions: [] }),
    });
    expect(unsigned.status).toBe(401);
    await stillRunsOnTheApp();
  });

  it("refuses what an app's endpoint registers for a forged Host: the calls stay with the app", async () => {
    // An SDK `serve()` that takes its URL from the request, as the app's did before pinning it.
    const forged = await requestAs(h.appUrl, "127.0.0.1:9", { method: "PUT" });
    expect(forged.status).not.toBe(200);
    expect(warnings).toContain("sync refused: not an app URL this executor calls");
    await stillRunsOnTheApp();
  });
});

describe("the HTTP server's Host", () => {
  it("answers loopback names and its own host, 421 to any other name", async () => {
    const { port } = h.executor;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, "127.0.0.1"]) {
      expect((await requestAs(`${h.executor.url}/health`, host)).status, host).toBe(200);
    }
    for (const host of ["attacker.example", `attacker.example:${port}`, `127.0.0.1.nip.io:${port}`]) {
      const refused = await requestAs(`${h.executor.url}/`, host);
      expect(refused.status, host).toBe(421);
      expect(refused.body).not.toContain("test-app-trust");
    }
  });
});

describe("run data under NODE_ENV=production", () => {
  it("is read only with the signing key's bearer; health stays open", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const keys = testKeys();
    const executor = await startEmbeddedExecutor({ keys, port: 0, allowProduction: true, logger: silent });
    vi.unstubAllEnvs();
    try {
      const bearer = { authorization: `Bearer ${hashedSigningKey(keys.signingKey)}` };
      const reads = ["/", "/v1/events", `/v1/events/${ulid()}/runs`, `/v1/runs/${ulid()}`];
      for (const path of reads) {
        const anonymous = await fetch(`${executor.url}${path}`);
        expect(anonymous.status, path).toBe(401);
        const keyed = await fetch(`${executor.url}${path}`, { headers: bearer });
        expect([200, 404], path).toContain(keyed.status);
      }
      expect((await fetch(`${executor.url}/health`)).status).toBe(200);
    } finally {
      await executor.close();
    }
  });
});
