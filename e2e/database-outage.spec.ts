import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { UNAVAILABLE_DIGEST } from "../lib/http/unavailable";
import {
  apiClient,
  attachLogsOnFailure,
  eventually,
  freePort,
  freshDatabase,
  type ServerProcess,
  signUpThrough,
  startServerProcess,
  switchableProxy,
  tearDown,
  waitHealthy,
} from "./production-server";

/**
 * The database becomes unreachable under a running production server (DESIGN §5): a TCP relay
 * between the server and its Postgres is switched off (connection refused), then on again. The API
 * answers 503 `unavailable` with Retry-After, the auth routes too; a page shows the "temporarily
 * unavailable" state, not the error boundary, answered 503 once the outage is known, and comes back
 * by itself; the public health check
 * says which component is degraded without the driver's text. Sessions are looked up on every
 * request (SESSION_CACHE_SECONDS=0), as once a session's cookie cache has expired.
 */

test.describe.configure({ mode: "serial", timeout: 120_000 });

const DATE = "2026-03-01";
const UNAVAILABLE_TITLE = "Mealsnap is temporarily unavailable";
// What a database error's text is made of: none of it may reach an anonymous client.
const DRIVER_TEXT = /Failed query|select 1|params|ECONNREFUSED|127\.0\.0\.1|postgres:\/\//i;

let workDir = "";
let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
let server: ServerProcess;
let relay: ReturnType<typeof switchableProxy>;
let relayPort = 0;
let user: { id: string; email: string; cookie: string };
const contexts: APIRequestContext[] = [];

test.beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-outage-"));
  database = await freshDatabase("mealsnap_e2e_outage");
  const target = new URL(database.url);
  relay = switchableProxy(Number(target.port || 5432));
  relayPort = await freePort();
  await relay.open(relayPort);
  target.hostname = "127.0.0.1";
  target.port = String(relayPort);
  server = startServerProcess(workDir, "outage", await freePort(), {
    DATABASE_URL: target.toString(),
    BETTER_AUTH_SECRET: "outage-secret-outage-secret-outage-0123",
    STORAGE_DIR: path.join(workDir, "uploads"),
    INNGEST_EMBEDDED_PORT: String(await freePort()),
    INNGEST_EMBEDDED_ALLOW_PRODUCTION: "1",
    SESSION_CACHE_SECONDS: "0",
  });
  await waitHealthy(server);
  const anonymous = await apiClient(server.url);
  contexts.push(anonymous);
  user = await signUpThrough(anonymous, "Outage");
});

test.afterAll(() =>
  tearDown({ contexts, servers: server ? [server] : [], database, workDir, also: () => relay.close() }),
);

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixtures from this pattern.
test.afterEach(({}, testInfo) => attachLogsOnFailure(testInfo, server ? [server] : []));

test("with the database unreachable, the API and the auth routes answer 503 with Retry-After, health names no driver text; all back after", async () => {
  const api = await apiClient(server.url, user.cookie);
  const anonymous = await apiClient(server.url);
  contexts.push(api, anonymous);

  await relay.close();
  try {
    const meals = await api.get(`/api/meals?date=${DATE}`);
    expect(meals.status(), await meals.text()).toBe(503);
    expect(Number(meals.headers()["retry-after"])).toBeGreaterThan(0);
    expect(await meals.json()).toMatchObject({ error: { code: "unavailable", message: expect.any(String) } });

    // The auth library's session lookup wraps the driver's error in a 500 of its own.
    const session = await api.get("/api/auth/get-session");
    expect(session.status(), await session.text()).toBe(503);
    expect(Number(session.headers()["retry-after"])).toBeGreaterThan(0);
    expect(await session.json()).toMatchObject({ error: { code: "unavailable" } });

    const health = await anonymous.get("/api/health");
    const healthText = await health.text();
    expect(health.status(), healthText).toBe(503);
    expect(JSON.parse(healthText)).toMatchObject({ ok: false, db: { ok: false, driver: "postgres" } });
    expect(healthText).not.toMatch(DRIVER_TEXT);
    // Why goes to the log, in one line.
    await eventually("the degraded health check in the log", async () =>
      readFileSync(server.logFile, "utf8")
        .split("\n")
        .some((line) => line.includes("Health check degraded") && line.includes("ECONNREFUSED")),
    );

    // The API met the outage: pages are answered 503 by the proxy until the database is back.
    const diary = await api.get("/diary");
    const diaryText = await diary.text();
    expect(diary.status(), diaryText).toBe(503);
    expect(Number(diary.headers()["retry-after"])).toBeGreaterThan(0);
    expect(diaryText).toContain(UNAVAILABLE_TITLE);
    expect(diaryText).not.toMatch(DRIVER_TEXT);
  } finally {
    await relay.open(relayPort);
  }

  expect((await api.get(`/api/meals?date=${DATE}`)).status()).toBe(200);
  expect((await api.get("/api/auth/get-session")).status()).toBe(200);
  const healthy = await anonymous.get("/api/health");
  expect(healthy.status()).toBe(200);
  expect(await healthy.json()).toMatchObject({ ok: true, db: { ok: true, driver: "postgres" } });
  const diary = await api.get("/diary");
  expect(diary.status()).toBe(200);
  expect(await diary.text()).not.toContain(UNAVAILABLE_DIGEST);
});

test("a page shows the outage state, not the error boundary, and comes back by itself", async ({
  browser,
}) => {
  const page = await (await browser.newContext({ baseURL: server.url })).newPage();
  const [name, value] = user.cookie.split(/=(.*)/s);
  await page.context().addCookies([{ name: name ?? "", value: value ?? "", url: server.url }]);
  await page.goto("/diary");
  await expect(page.getByRole("heading", { name: "No meals yet for this day" })).toBeVisible();

  // Off the diary first: its background refetches would meet the outage before the page below does.
  await page.goto("about:blank");
  await relay.close();
  try {
    // The first page to meet the outage renders the outage state (Next.js answers it 500) and notes
    // the outage; every page after it is answered 503 until the database is back.
    const first = await page.goto("/diary");
    expect(await first?.text()).toContain(UNAVAILABLE_DIGEST);
    await expect(page.getByRole("heading", { name: UNAVAILABLE_TITLE })).toBeVisible();
    await expect(page.getByText("Something went wrong")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Try again now" })).toBeVisible();

    const next = await page.goto("/diary");
    expect(next?.status()).toBe(503);
    await expect(page.getByRole("heading", { name: UNAVAILABLE_TITLE })).toBeVisible();
  } finally {
    await relay.open(relayPort);
  }

  // Without a reload: the outage state tries again by itself.
  await expect(page.getByRole("heading", { name: "No meals yet for this day" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole("heading", { name: UNAVAILABLE_TITLE })).toHaveCount(0);
});
