import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { canonicalJson, hashedSigningKey, signBody } from "@mealsnap/inngest-embedded/signing";
import { runsOfEventSentAs, testKeys } from "@mealsnap/inngest-embedded/test-harness";
import { type APIRequestContext, expect, test } from "@playwright/test";
import type postgres from "postgres";
import S3rver from "s3rver";
import { isSaveWaiting, releaseSave } from "../lib/photos/save-gate";
import {
  apiClient,
  attachLogsOnFailure,
  createMeal,
  eventually,
  freePort,
  freshDatabase,
  jsonOf,
  mealView,
  type PhotoView,
  type ServerProcess,
  signUpThrough,
  startServerProcess,
  tearDown,
  upload,
  waitHealthy,
} from "./production-server";

/**
 * Two production servers (`next start`) on one Postgres database and one S3 bucket (s3rver), the
 * way several instances run behind a load balancer (docs/DEPLOY.md). Instance A runs the embedded
 * executor; instance B sends its events there (INNGEST_EMBEDDED_URL=<A's executor>, with the keys
 * both are given), so every job runs once, on A, whichever instance queued it. Everything a request needs must come from the shared
 * database and bucket: sessions, photos, the cancel's idempotency, the retry's race.
 *
 * Recognition runs wait at the test-only save gate (RECOGNITION_SAVE_GATE_DIR on A, see
 * lib/photos/save-gate.ts) until this spec releases them, so a cancel always meets a photo in
 * flight: the spec synchronises on files and API state, never on sleeps.
 */

const BUCKET = "mealsnap-e2e";
const SECRET = "two-instances-secret-two-instances-0123";
/** The executor's keys, given to both instances (INNGEST_EMBEDDED_SIGNING_KEY / _EVENT_KEY). */
const KEYS = testKeys();

test.describe.configure({ mode: "serial", timeout: 90_000 });

type Instance = ServerProcess;

// Made in beforeAll: Playwright also loads this file in its runner process to list the tests.
let workDir = "";
let gateDir = "";
let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
let s3rver: S3rver | undefined;
let s3Endpoint = "";
let sql: postgres.Sql | undefined;
const instances: Instance[] = [];
let a: Instance;
let b: Instance;
let executorUrl = "";
const contexts: APIRequestContext[] = [];

function startInstance(name: string, port: number, env: Record<string, string>): Instance {
  const instance = startServerProcess(workDir, name, port, {
    DATABASE_URL: database?.url ?? "",
    BETTER_AUTH_SECRET: SECRET,
    STORAGE_DRIVER: "s3",
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: s3Endpoint,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "1",
    DEMO_RECOGNITION_LATENCY_MS: "300",
    ...env,
  });
  instances.push(instance);
  return instance;
}

async function client(instance: Instance, cookie?: string): Promise<APIRequestContext> {
  const context = await apiClient(instance.url, cookie);
  contexts.push(context);
  return context;
}

async function signUp(instance: Instance, name: string) {
  return signUpThrough(await client(instance), name);
}

/**
 * Waits until the meal reads through `context` (an instance's API) with the photo in `status` and,
 * when given, the meal in `mealStatus`. GET /api/meals/:id reads the meal, its photos and its items
 * in separate statements, so one answer may mix states from either side of a commit: wait for
 * the whole expected state rather than assert the meal in the answer that first shows the photo.
 */
async function photoReaches(
  context: APIRequestContext,
  mealId: string,
  photoId: string,
  status: string,
  mealStatus?: string,
) {
  return eventually(`photo ${photoId} ${status}${mealStatus ? `, meal ${mealStatus}` : ""}`, async () => {
    const view = await mealView(context, mealId);
    const photo = view.photos.find((p) => p.id === photoId);
    if (photo?.status !== status) return undefined;
    if (mealStatus && view.meal.status !== mealStatus) return undefined;
    return { view, photo };
  });
}

/** The save gate: a recognition run of (photo, attempt) is about to save and waits for us. */
async function waitAtGate(photoId: string, attempt = 1): Promise<void> {
  await eventually(`recognition of ${photoId} attempt ${attempt} at the save gate`, () =>
    isSaveWaiting(gateDir, photoId, attempt),
  );
}

const releaseGate = (photoId: string, attempt = 1) => releaseSave(gateDir, photoId, attempt);

/**
 * The executor's runs of one photo attempt, through its REST API (on loopback beside instance A)
 * as on real Inngest: the event list gives the recognition event's ULID, which finds its runs.
 */
function runsOf(photoId: string, attempt: number): Promise<{ status: string }[]> {
  // lib/jobs/events.ts (server-only) names the event and its id.
  // In production the executor shows runs only to the holder of its signing key.
  return runsOfEventSentAs(
    executorUrl,
    { name: "meal/photo.uploaded", id: `recognize-${photoId}-${attempt}` },
    { authorization: `Bearer ${hashedSigningKey(KEYS.signingKey)}` },
  );
}

async function settled(photoId: string, attempt: number) {
  return eventually(`run of ${photoId} attempt ${attempt} settled`, async () => {
    const runs = await runsOf(photoId, attempt);
    return runs.length > 0 && runs.every((run) => run.status !== "Running") ? runs : undefined;
  });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  workDir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-two-instances-"));
  gateDir = path.join(workDir, "gate");
  s3rver = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: path.join(workDir, "s3"),
    configureBuckets: [{ name: BUCKET }],
  });
  s3Endpoint = `http://127.0.0.1:${(await s3rver.run()).port}`;

  database = await freshDatabase("mealsnap_e2e_two");
  sql = database.sql;

  const [portA, portB, executorPort] = [await freePort(), await freePort(), await freePort()];
  executorUrl = `http://127.0.0.1:${executorPort}`;
  const keys = { INNGEST_EMBEDDED_SIGNING_KEY: KEYS.signingKey, INNGEST_EMBEDDED_EVENT_KEY: KEYS.eventKey };
  a = startInstance("A", portA, {
    ...keys,
    INNGEST_EMBEDDED_ALLOW_PRODUCTION: "1",
    INNGEST_EMBEDDED_PORT: String(executorPort),
    RECOGNITION_SAVE_GATE_DIR: gateDir,
  });
  // B runs no executor: its Inngest client sends to A's, signed with the same keys.
  b = startInstance("B", portB, { ...keys, INNGEST_EMBEDDED_URL: executorUrl });

  const [healthA, healthB] = await Promise.all([waitHealthy(a), waitHealthy(b)]).catch((error: Error) => {
    const logs = instances.map((i) => `--- ${i.name} ---\n${readFileSync(i.logFile, "utf8").slice(-4000)}`);
    throw new Error(`${error.message}\n${logs.join("\n")}`);
  });
  expect(healthA).toMatchObject({ ok: true, db: { driver: "postgres" }, jobs: { backend: "embedded" } });
  expect(healthB).toMatchObject({ ok: true, db: { driver: "postgres" }, jobs: { backend: "embedded" } });
  for (const health of [healthA, healthB]) expect(health.storage).toEqual({ ok: true, driver: "s3" });

  // The executor syncs A in the background at start; an explicit sync (what an operator does
  // after a deploy) answers only once A's functions are registered.
  const sync = await fetch(`${a.url}/api/inngest`, { method: "PUT" });
  expect(sync.status, await sync.text()).toBe(200);
});

test.afterAll(() =>
  tearDown({
    contexts,
    servers: instances,
    database,
    workDir,
    also: async () => {
      await s3rver?.close();
    },
  }),
);

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixtures from this pattern.
test.afterEach(({}, testInfo) => attachLogsOnFailure(testInfo, instances));

// State shared by the serial tests below.
let alice: { id: string; cookie: string };
let aliceA: APIRequestContext;
let aliceB: APIRequestContext;
let mealId: string;
let firstPhoto: string;

test("a session made on A is valid on B (shared secret and database)", async () => {
  alice = await signUp(a, "Alice");
  aliceA = await client(a, alice.cookie);
  aliceB = await client(b, alice.cookie);
  for (const context of [aliceA, aliceB]) {
    const session = await jsonOf<{ user: { id: string } }>(await context.get("/api/auth/get-session"), 200);
    expect(session.user.id).toBe(alice.id);
  }
  const anonymousB = await client(b);
  expect((await anonymousB.get("/api/goals")).status()).toBe(401);
});

test("a photo uploaded through A is in the bucket and served by B to its owner only", async () => {
  mealId = await createMeal(aliceA);
  firstPhoto = await upload(aliceA, mealId);

  const [row] = await (sql as postgres.Sql)<{ storage_key: string; mime: string }[]>`
    select storage_key, mime from meal_photos where id = ${firstPhoto}`;
  expect(row?.storage_key).toBe(`photos/${alice.id}/${firstPhoto}.jpg`);
  const s3 = new S3Client({
    endpoint: s3Endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: row?.storage_key }));
  const inBucket = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
  s3.destroy();
  expect(inBucket.byteLength).toBeGreaterThan(0);

  const servedByB = await aliceB.get(`/api/photos/${firstPhoto}`);
  expect(servedByB.status()).toBe(200);
  expect(servedByB.headers()["content-type"]).toBe(row?.mime);
  expect(Buffer.from(await servedByB.body()).equals(inBucket)).toBe(true);

  const bob = await signUp(b, "Bob");
  for (const instance of [a, b]) {
    const bobContext = await client(instance, bob.cookie);
    expect((await bobContext.get(`/api/photos/${firstPhoto}`)).status()).toBe(404);
  }
});

/** A's job endpoint at every address it answers on: loopback, and the machine's external one. */
function jobEndpoints(instance: Instance): string[] {
  const { port } = new URL(instance.url);
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((address) => address && !address.internal && address.family === "IPv4")?.address;
  if (!external)
    console.warn("!!! NO EXTERNAL ADDRESS ON THIS MACHINE: forged job calls tried on loopback only !!!");
  return [instance.url, ...(external ? [`http://${external}:${port}`] : [])].map(
    (url) => `${url}/api/inngest`,
  );
}

const stepHash = (id: string) => createHash("sha1").update(id).digest("hex");

async function rowsSnapshot() {
  const db = sql as postgres.Sql;
  return {
    photos: await db`select id, status, attempt, error_code from meal_photos order by id`,
    items: await db`select * from food_items order by id`,
    meals: await db`select id, status from meals order by id`,
  };
}

test("the job endpoint refuses unsigned, foreign-signed and stale calls: no step runs, no row changes", async () => {
  await waitAtGate(firstPhoto);
  const before = await rowsSnapshot();
  const now = Date.now();
  const forgedItems = [{ name: "Forged caviar", grams: 500, calories: 9999, protein: 1, carbs: 1, fat: 1 }];
  const calls = [
    // The sweeper, as an outsider would call it (no step memoized).
    {
      fnId: "mealsnap-sweep-stuck",
      event: { name: "inngest/scheduled.timer", data: {}, id: "forged-sweep", ts: now },
      steps: {},
    },
    // The photo in PROCESSING, with `recognize` memoized: only `save` would be left.
    {
      fnId: "mealsnap-recognize-photo",
      event: {
        name: "meal/photo.uploaded",
        data: { photoId: firstPhoto, attempt: 1 },
        id: "forged",
        ts: now,
      },
      steps: {
        [stepHash("recognize")]: { data: { items: forgedItems } },
      },
    },
  ];
  for (const url of jobEndpoints(a)) {
    for (const { fnId, event, steps } of calls) {
      const body = canonicalJson({
        event,
        events: [event],
        steps,
        ctx: { run_id: "01FORGED", attempt: 0, stack: { stack: Object.keys(steps), current: 0 } },
        version: 1,
      });
      const signatures = {
        unsigned: undefined,
        "signed with another key": signBody(body, testKeys().signingKey),
        "signed with the real key, replayed after its 5 minute window": signBody(
          body,
          KEYS.signingKey,
          now - 6 * 60_000,
        ),
      };
      for (const [what, signature] of Object.entries(signatures)) {
        const response = await fetch(`${url}?fnId=${fnId}&stepId=step`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(signature ? { "x-inngest-signature": signature } : {}),
          },
          body,
        });
        expect(response.status, `${fnId} ${what} at ${url}: ${await response.text()}`).toBe(401);
      }
    }
  }
  expect(await rowsSnapshot()).toEqual(before);
  expect((await mealView(aliceA, mealId)).items).toEqual([]);
});

test("a half-right job configuration stops the server at start, naming the variables", async () => {
  const refused = startInstance("refused", await freePort(), { INNGEST_BASE_URL: "http://127.0.0.1:9" });
  const code = await Promise.race([
    refused.exited,
    new Promise<"running">((resolve) => setTimeout(() => resolve("running"), 60_000)),
  ]);
  const log = readFileSync(refused.logFile, "utf8");
  expect(code, log).not.toBe("running");
  expect(code).not.toBe(0);
  expect(log).toMatch(/INNGEST_SIGNING_KEY: is required with INNGEST_BASE_URL/);
});

test("a recognition run on A's executor finishing is visible through B", async () => {
  await waitAtGate(firstPhoto);
  expect((await mealView(aliceB, mealId)).photos[0]?.status).toBe("PROCESSING");
  await releaseGate(firstPhoto);
  await photoReaches(aliceB, mealId, firstPhoto, "SUCCESS", "COMPLETE");
  const items = await eventually("the photo's items through B", async () => {
    const view = await mealView(aliceB, mealId);
    const mine = view.items.filter((item) => item.photoId === firstPhoto);
    return mine.length > 0 ? mine : undefined;
  });
  expect(items.length).toBeGreaterThan(0);
});

test("cancel through B stops a photo in flight on A; a retry through B runs it again on A", async () => {
  const meal = await createMeal(aliceA);
  const photoId = await upload(aliceA, meal);
  await waitAtGate(photoId);

  const cancelled = await jsonOf<{ status: string; updatedPhotos: number; mealStatus: string }>(
    await aliceB.post("/api/ai/cancel", { data: { clientCancelId: randomUUID(), mealId: meal } }),
    200,
  );
  expect(cancelled).toMatchObject({ status: "cancelled", updatedPhotos: 1, mealStatus: "FAILED" });
  await releaseGate(photoId);
  expect((await settled(photoId, 1))[0]?.status).toBe("Cancelled");
  const afterCancel = await photoReaches(aliceA, meal, photoId, "CANCELLED");
  expect(afterCancel.view.items).toEqual([]);

  // B queues the new attempt; its event reaches A's executor, which runs it on A.
  const retried = await jsonOf<{ photo: PhotoView }>(
    await aliceB.post(`/api/meals/${meal}/photos/${photoId}/retry`),
    202,
  );
  expect(retried.photo).toMatchObject({ status: "PENDING", attempt: 2 });
  await waitAtGate(photoId, 2);
  await releaseGate(photoId, 2);
  const done = await photoReaches(aliceB, meal, photoId, "SUCCESS", "COMPLETE");
  expect(done.photo.attempt).toBe(2);
});

test("40 duplicate cancels split across A and B: one audit row, one action, identical answers", async () => {
  const meal = await createMeal(aliceA);
  const photoId = await upload(aliceB, meal);
  await waitAtGate(photoId);

  const clientCancelId = randomUUID();
  const send = (context: APIRequestContext) =>
    context
      .post("/api/ai/cancel", { data: { clientCancelId, mealId: meal } })
      .then((response) => jsonOf<Record<string, unknown>>(response, 200));
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, index) => send(index % 2 === 0 ? aliceA : aliceB)),
  );

  const originals = answers.filter((answer) => answer.duplicate === false);
  expect(originals).toHaveLength(1);
  expect(originals[0]).toMatchObject({ status: "cancelled", updatedPhotos: 1, cancelledTasks: 1 });
  for (const answer of answers) expect({ ...answer, duplicate: false }).toEqual(originals[0]);

  const rows = await (sql as postgres.Sql)<{ duplicate_count: number; updated_photos: number }[]>`
    select duplicate_count, updated_photos from cancel_events where client_cancel_id = ${clientCancelId}`;
  expect(rows).toEqual([{ duplicate_count: 39, updated_photos: 1 }]);

  await releaseGate(photoId);
  expect((await settled(photoId, 1))[0]?.status).toBe("Cancelled");
  await photoReaches(aliceA, meal, photoId, "CANCELLED");
});

test("concurrent retries of one cancelled photo through A and B: exactly one 202 and one 409", async () => {
  const meal = await createMeal(aliceB);
  const photoId = await upload(aliceA, meal);
  await waitAtGate(photoId);
  await jsonOf(
    await aliceA.post("/api/ai/cancel", { data: { clientCancelId: randomUUID(), mealId: meal } }),
    200,
  );
  await releaseGate(photoId);
  await settled(photoId, 1);

  const responses = await Promise.all([
    aliceA.post(`/api/meals/${meal}/photos/${photoId}/retry`),
    aliceB.post(`/api/meals/${meal}/photos/${photoId}/retry`),
  ]);
  expect(responses.map((response) => response.status()).sort()).toEqual([202, 409]);
  const loser = responses.find((response) => response.status() === 409);
  expect(await loser?.json()).toMatchObject({ error: { code: "conflict" } });

  await waitAtGate(photoId, 2);
  await releaseGate(photoId, 2);
  const done = await photoReaches(aliceA, meal, photoId, "SUCCESS");
  expect(done.photo.attempt).toBe(2);
  // One run for the new attempt, whichever instance won.
  expect(await settled(photoId, 2)).toEqual([expect.objectContaining({ status: "Completed" })]);
  const [row] = await (sql as postgres.Sql)<{ attempt: number }[]>`
    select attempt from meal_photos where id = ${photoId}`;
  expect(row?.attempt).toBe(2);
});
