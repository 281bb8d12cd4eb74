import { readFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hashedSigningKey } from "@mealsnap/inngest-embedded/signing";
import { testKeys } from "@mealsnap/inngest-embedded/test-harness";
import { type APIRequestContext, expect, test } from "@playwright/test";
import {
  apiClient,
  attachLogsOnFailure,
  createMeal,
  eventually,
  freePort,
  mealView,
  type ServerProcess,
  signUpThrough,
  startOwnServer,
  stopServer,
  upload,
  waitHealthy,
} from "./production-server";

/**
 * The job plane of a production server (`next start`, embedded executor) trusts nothing it cannot
 * check (DESIGN §9): a request's `Host` never decides where the executor sends its signed calls,
 * an unsigned call to the job endpoint is refused before its body is read, and the executor's own
 * HTTP server answers only loopback names and shows runs only to the holder of its key.
 */

const KEYS = testKeys();
const MB = 1024 * 1024;

test.describe.configure({ mode: "serial", timeout: 120_000 });

let server: ServerProcess | undefined;
let executorUrl = "";
let context: APIRequestContext | undefined;
/** Stands where a forged `Host` would send the executor's calls; counts what reaches it. */
let elsewhere: Server | undefined;
let callsElsewhere = 0;

interface RawAnswer {
  status: number;
  body: string;
  /** Body bytes the client had sent when the answer's headers arrived. */
  sentBeforeAnswer: number;
}

/**
 * node:http, as fetch will not send a `Host` of the caller's choosing. With `declaredBytes`, the
 * request announces that many body bytes but sends only `sentBody`, holding the rest back until
 * the server answers: an answer then proves the server did not wait to read the body.
 */
function rawRequest(
  url: string,
  options: {
    method: string;
    host?: string;
    headers?: Record<string, string>;
    declaredBytes?: number;
    sentBody?: Buffer;
  },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const headers: Record<string, string> = { ...options.headers };
    if (options.host) headers.host = options.host;
    if (options.declaredBytes !== undefined) headers["content-length"] = String(options.declaredBytes);
    const req = httpRequest(url, { method: options.method, headers }, (res) => {
      const sentBeforeAnswer = sent;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body, sentBeforeAnswer });
        req.destroy();
      });
    });
    req.on("error", reject);
    if (options.sentBody) {
      sent = options.sentBody.length;
      req.write(options.sentBody);
    }
    // A declared body is never finished: only an answer given before reading it comes back.
    if (options.declaredBytes === undefined) req.end();
  });
}

const logLines = (): Record<string, unknown>[] =>
  readFileSync(server?.logFile ?? "", "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

test.beforeAll(async () => {
  elsewhere = createServer((_req, res) => {
    callsElsewhere++;
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => elsewhere?.listen(0, "127.0.0.1", resolve));
  const executorPort = await freePort();
  executorUrl = `http://127.0.0.1:${executorPort}`;
  server = await startOwnServer("job-endpoint", {
    INNGEST_EMBEDDED_PORT: String(executorPort),
    INNGEST_EMBEDDED_SIGNING_KEY: KEYS.signingKey,
    INNGEST_EMBEDDED_EVENT_KEY: KEYS.eventKey,
    DEMO_RECOGNITION_LATENCY_MS: "0",
  });
  await waitHealthy(server);
  // The executor's own sync of the app, before any forged one.
  await eventually("the app's first sync", async () => logLines().some((line) => line.msg === "app synced"));
  context = await apiClient(server.url);
});

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixtures from this pattern.
test.afterEach(({}, testInfo) => attachLogsOnFailure(testInfo, server ? [server] : []));

test.afterAll(async () => {
  await context?.dispose();
  if (server) await stopServer(server);
  await new Promise<void>((resolve) => (elsewhere ? elsewhere.close(() => resolve()) : resolve()));
});

test("a forged Host cannot re-point the executor's calls: the jobs still run on the app", async () => {
  if (!server || !context || !elsewhere) throw new Error("not started");
  const servedAt = `${server.url}/api/inngest`;
  const forgedHosts = [`127.0.0.1:${(elsewhere.address() as AddressInfo).port}`, "attacker.example"];
  for (const host of forgedHosts) {
    const put = await rawRequest(servedAt, { method: "PUT", host });
    // The SDK re-syncs the app at its configured URL, never the forged one.
    expect(put.status, put.body).toBe(200);
  }
  // The server's log reaches its file a moment after the answer.
  const synced = await eventually("a sync logged for each PUT and the start", async () => {
    const lines = logLines().filter((line) => line.msg === "app synced");
    return lines.length > forgedHosts.length ? lines : undefined;
  });
  for (const line of synced) expect(line.url).toBe(servedAt);

  const user = await signUpThrough(context, "Jobs");
  const owner = await apiClient(server.url, user.cookie);
  try {
    const mealId = await createMeal(owner);
    const photoId = await upload(owner, mealId);
    await eventually(`photo ${photoId} recognized`, async () => {
      const photo = (await mealView(owner, mealId)).photos.find((candidate) => candidate.id === photoId);
      return photo?.status === "SUCCESS";
    });
  } finally {
    await owner.dispose();
  }
  expect(callsElsewhere).toBe(0);
});

test("an unsigned 31 MB call is refused 401 from its headers, its body never read, with one warning", async () => {
  if (!server) throw new Error("not started");
  const logged = logLines().length;
  const firstMegabyte = Buffer.alloc(MB, "{");
  const unsigned = await rawRequest(`${server.url}/api/inngest?fnId=mealsnap-recognize-photo&stepId=step`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    declaredBytes: 31 * MB,
    sentBody: firstMegabyte,
  });
  expect(unsigned.status).toBe(401);
  expect(JSON.parse(unsigned.body)).toMatchObject({ error: { code: "unauthorized" } });
  // Answered while 30 of its 31 MB were still held back by the client.
  expect(unsigned.sentBeforeAnswer).toBe(MB);

  const refusal = await eventually("the refusal's log line", async () => {
    const lines = logLines().slice(logged);
    return lines.some((line) => line.msg === "Refused an unsigned call to the job endpoint") && lines;
  });
  expect(refusal.filter((line) => line.msg === "Refused an unsigned call to the job endpoint")).toEqual([
    expect.objectContaining({ level: 40 }),
  ]);
  expect(refusal.filter((line) => JSON.stringify(line).includes('"stack"'))).toEqual([]);

  // A signed call keeps its limit: beyond 32 MB, 413, also without reading the body.
  const signature = `t=${Math.floor(Date.now() / 1000)}&s=${"ab".repeat(32)}`;
  const tooLarge = await rawRequest(`${server.url}/api/inngest?fnId=mealsnap-recognize-photo&stepId=step`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-inngest-signature": signature },
    declaredBytes: 33 * MB,
    sentBody: firstMegabyte,
  });
  expect(tooLarge.status).toBe(413);
});

test("the executor answers loopback names only, and shows runs only with its key", async () => {
  const { port } = new URL(executorUrl);
  const rebound = await rawRequest(`${executorUrl}/`, { method: "GET", host: `attacker.example:${port}` });
  expect(rebound.status).toBe(421);
  expect(rebound.body).not.toContain("recognize-photo");

  const anonymous = await rawRequest(`${executorUrl}/`, { method: "GET", host: `localhost:${port}` });
  expect(anonymous.status).toBe(401);
  const keyed = await rawRequest(`${executorUrl}/`, {
    method: "GET",
    host: `localhost:${port}`,
    headers: { authorization: `Bearer ${hashedSigningKey(KEYS.signingKey)}` },
  });
  expect(keyed.status).toBe(200);
  expect(keyed.body).toContain("mealsnap-recognize-photo");
  expect(
    (await rawRequest(`${executorUrl}/health`, { method: "GET", host: `localhost:${port}` })).status,
  ).toBe(200);
});
