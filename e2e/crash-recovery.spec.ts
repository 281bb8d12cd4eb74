import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type EmbeddedExecutor, startEmbeddedExecutor } from "@mealsnap/inngest-embedded";
import { testKeys } from "@mealsnap/inngest-embedded/test-harness";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { waitingSaves } from "../lib/photos/save-gate";
import {
  apiClient,
  attachLogsOnFailure,
  createMeal,
  eventually,
  freePort,
  freshDatabase,
  killServer,
  type ServerProcess,
  signUpThrough,
  startServerProcess,
  stopServer,
  switchableProxy,
  tearDown,
  upload,
  waitHealthy,
} from "./production-server";

/**
 * Nothing in flight is lost (docs/BACKGROUND_JOBS.md): the production server is killed with
 * SIGKILL (with its embedded executor) while photos are being recognised and again while they
 * are saving, and started again; and, apart, the jobs engine is unreachable while photos are
 * uploaded. Every photo ends SUCCESS with its items attached once, the meal COMPLETE, and the race
 * guard never fires. The figures (restart → every photo terminal) go to the report's annotations.
 */

test.describe.configure({ mode: "serial", timeout: 180_000 });

const SECRET = "crash-recovery-secret-crash-recovery-01";
const PHOTOS = 3;
const RACE_GUARD_MARKER = "race condition guard";

let workDir = "";
let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
const servers: ServerProcess[] = [];
const contexts: APIRequestContext[] = [];

test.beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-crash-"));
  database = await freshDatabase("mealsnap_e2e_crash");
});

test.afterAll(() => tearDown({ contexts, servers, database, workDir }));

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixtures from this pattern.
test.afterEach(({}, testInfo) => attachLogsOnFailure(testInfo, servers));

function start(name: string, port: number, env: Record<string, string>): ServerProcess {
  const server = startServerProcess(workDir, name, port, {
    DATABASE_URL: database?.url ?? "",
    BETTER_AUTH_SECRET: SECRET,
    STORAGE_DIR: path.join(workDir, "uploads"),
    // Long enough to kill the server while `recognize` runs.
    DEMO_RECOGNITION_LATENCY_MS: "3000",
    INNGEST_EMBEDDED_RETRY_BACKOFF_MS: "500",
    ...env,
  });
  servers.push(server);
  return server;
}

async function signedIn(server: ServerProcess): Promise<APIRequestContext> {
  const anonymous = await apiClient(server.url);
  contexts.push(anonymous);
  const user = await signUpThrough(anonymous, "Crash");
  const context = await apiClient(server.url, user.cookie);
  contexts.push(context);
  return context;
}

const sql = () => {
  if (!database) throw new Error("no database");
  return database.sql;
};

const photoRows = (mealId: string) =>
  sql()<{ id: string; status: string; attempt: number }[]>`
    select id, status, attempt from meal_photos where meal_id = ${mealId} order by id`;

/** Waits until every photo of the meal is terminal; answers the milliseconds it took from `since`. */
async function allTerminal(mealId: string, since: number): Promise<number> {
  await eventually(
    "every photo terminal",
    async () => {
      const rows = await photoRows(mealId);
      return rows.every((row) => row.status !== "PENDING" && row.status !== "PROCESSING");
    },
    60_000,
  );
  return Date.now() - since;
}

/** What "nothing lost" means for one meal once its photos are done. */
async function expectRecoveredCleanly(mealId: string, logFiles: string[]) {
  const rows = await photoRows(mealId);
  expect(rows.map((row) => row.status)).toEqual(Array(PHOTOS).fill("SUCCESS"));
  const [meal] = await sql()<{ status: string }[]>`select status from meals where id = ${mealId}`;
  expect(meal?.status).toBe("COMPLETE");
  // Items attached once: every photo has items, none twice (one attempt saved per photo).
  const perPhoto = await sql()<{ photo_id: string; items: number; distinct_names: number }[]>`
    select photo_id, count(*)::int as items, count(distinct name)::int as distinct_names
    from food_items where meal_id = ${mealId} group by photo_id`;
  expect(perPhoto).toHaveLength(PHOTOS);
  for (const photo of perPhoto) {
    expect(photo.items).toBeGreaterThan(0);
    expect(photo.items).toBe(photo.distinct_names);
  }
  const [{ discards } = { discards: -1 }] = await sql()<{ discards: number }[]>`
    select count(*)::int as discards from operation_events where kind = 'race_guard_discard'`;
  expect(discards).toBe(0);
  for (const file of logFiles) expect(readFileSync(file, "utf8")).not.toContain(RACE_GUARD_MARKER);
  const [{ undelivered } = { undelivered: -1 }] = await sql()<{ undelivered: number }[]>`
    select count(*)::int as undelivered from job_outbox where delivered_at is null
      and name = 'meal/photo.uploaded'`;
  expect(undelivered).toBe(0);
}

test("killed during recognize and again during save, the restarted server finishes every photo", async () => {
  const [port, executorPort] = [await freePort(), await freePort()];
  const gateDir = path.join(workDir, "gate");
  const embedded = {
    INNGEST_EMBEDDED_ALLOW_PRODUCTION: "1",
    INNGEST_EMBEDDED_PORT: String(executorPort),
  };

  const first = start("first", port, { ...embedded, RECOGNITION_SAVE_GATE_DIR: gateDir });
  await waitHealthy(first);
  const alice = await signedIn(first);
  const mealId = await createMeal(alice);
  const photoIds: string[] = [];
  for (let i = 0; i < PHOTOS; i++) photoIds.push(await upload(alice, mealId));

  // Killed while `recognize` runs: a photo PROCESSING, none at the save gate yet.
  await eventually("a photo being recognised", async () =>
    (await photoRows(mealId)).some((row) => row.status === "PROCESSING"),
  );
  expect(await waitingSaves(gateDir)).toEqual([]);
  await killServer(first);
  const atFirstKill = (await photoRows(mealId)).map((row) => row.status);

  // Restarted: recovery gives every photo a new attempt; killed again while one is saving.
  const secondStarted = Date.now();
  const second = start("second", port, { ...embedded, RECOGNITION_SAVE_GATE_DIR: gateDir });
  await waitHealthy(second);
  const saving = await eventually(
    "a save of a new attempt at the gate",
    async () => {
      const keys = await waitingSaves(gateDir);
      return keys.length > 0 ? keys : undefined;
    },
    60_000,
  );
  await killServer(second);
  const atSecondKill = (await photoRows(mealId)).map((row) => `${row.status}#${row.attempt}`);

  // Restarted without the gate: nobody acts, every photo finishes.
  const thirdStarted = Date.now();
  const third = start("third", port, embedded);
  await waitHealthy(third);
  const healthyAfterMs = Date.now() - thirdStarted;
  const terminalAfterMs = await allTerminal(mealId, thirdStarted);
  await expectRecoveredCleanly(mealId, [first.logFile, second.logFile, third.logFile]);

  const figures = {
    photos: PHOTOS,
    atFirstKill,
    savingAtSecondKill: saving,
    atSecondKill,
    secondRestartToSaveMs: Date.now() - secondStarted,
    restartToHealthyMs: healthyAfterMs,
    restartToAllTerminalMs: terminalAfterMs,
    attempts: (await photoRows(mealId)).map((row) => row.attempt),
  };
  test.info().annotations.push({ type: "crash-figures", description: JSON.stringify(figures) });
  console.log(`crash-recovery figures: ${JSON.stringify(figures)}`);
  await stopServer(third);
});

test("with the jobs engine unreachable for 10 s while uploading, events wait in the outbox, then run", async () => {
  const keys = testKeys();
  const executor: EmbeddedExecutor = await startEmbeddedExecutor({
    keys,
    port: 0,
    retryBackoffMs: () => 500,
  });
  const proxyPort = await freePort();
  const proxy = switchableProxy(executor.port);
  await proxy.open(proxyPort);
  try {
    const port = await freePort();
    const server = start("engine-outage", port, {
      // An executor of another process, reached through the proxy, with its keys.
      INNGEST_EMBEDDED_URL: `http://127.0.0.1:${proxyPort}`,
      INNGEST_EMBEDDED_SIGNING_KEY: keys.signingKey,
      INNGEST_EMBEDDED_EVENT_KEY: keys.eventKey,
      DEMO_RECOGNITION_LATENCY_MS: "300",
    });
    await waitHealthy(server);
    // The executor registers only the app URLs it is given: this app's, as its operator would.
    await executor.sync(`http://127.0.0.1:${port}/api/inngest`);
    const bob = await signedIn(server);
    const mealId = await createMeal(bob);

    await proxy.close();
    const outageStarted = Date.now();
    for (let i = 0; i < PHOTOS; i++) await upload(bob, mealId);
    const [{ waiting } = { waiting: 0 }] = await sql()<{ waiting: number }[]>`
      select count(*)::int as waiting from job_outbox
      where delivered_at is null and data ->> 'mealId' = ${mealId}`;
    expect(waiting).toBe(PHOTOS);
    expect((await photoRows(mealId)).map((row) => row.status)).toEqual(Array(PHOTOS).fill("PENDING"));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - outageStarted))));

    const reopened = Date.now();
    await proxy.open(proxyPort);
    const terminalAfterMs = await allTerminal(mealId, reopened);
    await expectRecoveredCleanly(mealId, [server.logFile]);
    test.info().annotations.push({
      type: "outage-figures",
      description: JSON.stringify({ photos: PHOTOS, reachableToAllTerminalMs: terminalAfterMs }),
    });
    console.log(`engine-outage figures: ${JSON.stringify({ reachableToAllTerminalMs: terminalAfterMs })}`);
    await stopServer(server);
  } finally {
    await proxy.close();
    await executor.close();
  }
});
