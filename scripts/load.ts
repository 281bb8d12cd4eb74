import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import sharp from "sharp";
import { createBenchDatabase } from "../bench/setup/database";
import { freePort, runCommand } from "../bench/setup/processes";
import { ensureBuild, startAppServer } from "../bench/setup/server";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "64" },
    seconds: { type: "string", default: "120" },
    "max-iterations": { type: "string", default: "200" },
    "skip-build": { type: "boolean", default: false },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    // Internal: the invariant check runs in a child with the react-server condition.
    check: { type: "string" },
  },
});

// ---- Check mode: `tsx --conditions=react-server scripts/load.ts --check <database url>` ----
if (values.check) {
  process.env.DATABASE_URL = values.check;
  process.env.LOG_LEVEL = "silent";
  const { checkInvariants } = await import("../lib/integrity/check-invariants");
  const { closeDb } = await import("../db/client");
  const breaks = await checkInvariants({ stuckAfterSeconds: Number(process.env.STUCK_AFTER ?? 20) });
  console.log(JSON.stringify(breaks));
  await closeDb();
  process.exit(0);
}

const USERS = Number(values.users);
const SECONDS = Number(values.seconds);
const MAX_ITERATIONS = Number(values["max-iterations"]);
const STUCK_PHOTO_TIMEOUT_S = 20;
const DIST_DIR = ".next-load";

// A seeded generator: a run can be replayed with --seed.
let state = Number(values.seed) >>> 0 || 1;
function random(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
}
const chance = (p: number) => random() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- Measurements ----

interface Sample {
  route: string;
  status: number;
  ms: number;
}
const samples: Sample[] = [];
const unexpected: string[] = [];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

// ---- Simulated users ----

class User {
  cookie = "";
  constructor(private readonly base: string) {}

  async call(route: string, method: string, target: string, body?: unknown, form?: FormData) {
    const headers: Record<string, string> = { origin: this.base };
    if (this.cookie) headers.cookie = this.cookie;
    let payload: BodyInit | undefined;
    if (form) payload = form;
    else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const started = performance.now();
    let status = 0;
    let json: unknown;
    try {
      const response = await fetch(`${this.base}${target}`, {
        method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(30_000),
      });
      status = response.status;
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
      if (cookie) this.cookie = cookie.split(";")[0] ?? "";
      const text = await response.text();
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
    } catch (error) {
      unexpected.push(`${route}: ${(error as Error).message}`);
    }
    samples.push({ route, status, ms: performance.now() - started });
    if (status >= 500) unexpected.push(`${route} answered ${status}: ${JSON.stringify(json).slice(0, 200)}`);
    return { status, json: json as Record<string, unknown> };
  }
}

async function userLoop(base: string, images: Buffer[], deadline: number, index: number) {
  const user = new User(base);
  const email = `load-${index}-${randomUUID()}@example.com`;
  const signed = await user.call("POST /api/auth/sign-up/email", "POST", "/api/auth/sign-up/email", {
    email,
    password: "load-password-1",
    name: `Load ${index}`,
  });
  if (signed.status !== 200) {
    unexpected.push(`sign-up answered ${signed.status}`);
    return;
  }
  // Start at different moments, so the users do not march in step.
  await sleep(random() * 1000);
  for (let iteration = 0; iteration < MAX_ITERATIONS && Date.now() < deadline; iteration++) {
    const created = await user.call("POST /api/meals", "POST", "/api/meals", {
      clientRequestId: randomUUID(),
      mealType: pick(["breakfast", "lunch", "dinner", "snack"] as const),
    });
    const meal = (created.json as { meal?: { id: string; date: string } }).meal;
    if (!meal) continue;
    // Cancel before the first upload, between two, after the last, or not at all.
    const cancelAt = pick([0, 1, 2, 3, 3, 4, 4]);
    const photoIds: string[] = [];
    const cancel = async () => {
      const clientCancelId = randomUUID();
      const named = chance(0.3) && photoIds.length > 0 ? { photoIds: [pick(photoIds)] } : {};
      const body = { clientCancelId, mealId: meal.id, reason: "user_cancel", ...named };
      const copies = chance(0.25) ? pick([2, 3]) : 1; // duplicate clientCancelIds, concurrently
      await Promise.all(
        Array.from({ length: copies }, () =>
          user.call("POST /api/ai/cancel", "POST", "/api/ai/cancel", body),
        ),
      );
    };
    for (let n = 0; n < 3; n++) {
      if (cancelAt === n) await cancel();
      const form = new FormData();
      form.set("file", new Blob([new Uint8Array(pick(images))], { type: "image/jpeg" }), "photo.jpg");
      form.set("clientUploadId", randomUUID());
      const uploaded = await user.call(
        "POST /api/meals/:id/photos",
        "POST",
        `/api/meals/${meal.id}/photos`,
        undefined,
        form,
      );
      const photo = (uploaded.json as { photo?: { id: string } }).photo;
      if (photo) photoIds.push(photo.id);
      else if (uploaded.status !== 409) unexpected.push(`upload answered ${uploaded.status}`);
      if (chance(0.5)) await sleep(random() * 300);
    }
    if (cancelAt === 3) {
      await sleep(random() * 600);
      await cancel();
    }
    await sleep(random() * 500);
    const detail = await user.call("GET /api/meals/:id", "GET", `/api/meals/${meal.id}`);
    const photos = ((detail.json as { photos?: { id: string; status: string }[] }).photos ?? []).filter(
      (photo) => photo.status === "CANCELLED" || photo.status === "FAILED",
    );
    if (photos.length > 0 && chance(0.35)) {
      const retried = await user.call(
        "POST /api/meals/:id/photos/:photoId/retry",
        "POST",
        `/api/meals/${meal.id}/photos/${pick(photos).id}/retry`,
      );
      if (retried.status !== 202 && retried.status !== 409)
        unexpected.push(`retry answered ${retried.status}`);
    }
    if (chance(0.2)) {
      await sleep(random() * 400);
      const deleted = await user.call("DELETE /api/meals/:id", "DELETE", `/api/meals/${meal.id}`);
      if (deleted.status !== 204) unexpected.push(`delete answered ${deleted.status}`);
    } else if (chance(0.5)) {
      await user.call("GET /api/meals?date", "GET", `/api/meals?date=${meal.date}`);
    }
  }
}

// ---- The run ----

const cleanups: Array<() => Promise<void>> = [];
let exitCode = 0;
try {
  const serverHost = new URL(process.env.DATABASE_URL || "postgres://127.0.0.1").hostname;
  if (!["127.0.0.1", "localhost", "::1"].includes(serverHost))
    throw new Error("the load run is loopback only");
  const build = await ensureBuild(Boolean(values["skip-build"]), DIST_DIR);
  const database = await createBenchDatabase("mealsnap_load");
  cleanups.push(database.drop);
  const storageDir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-load-"));
  cleanups.push(async () => rmSync(storageDir, { recursive: true, force: true }));
  const logFile = path.join(storageDir, "server.log");
  const port = await freePort();
  const server = await startAppServer(
    port,
    {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      DATABASE_URL: database.url,
      BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
      BETTER_AUTH_SECRET: "load-secret-load-secret-load-secret-0123",
      STORAGE_DIR: path.join(storageDir, "uploads"),
      INNGEST_EMBEDDED_ALLOW_PRODUCTION: "1",
      INNGEST_EMBEDDED_PORT: String(await freePort()),
      DEMO_RECOGNITION_LATENCY_MS: "200",
      STUCK_PHOTO_TIMEOUT_S: String(STUCK_PHOTO_TIMEOUT_S),
      RATE_LIMIT_AUTH_PER_MINUTE: "0",
      RATE_LIMIT_UPLOADS_PER_MINUTE: "0",
      RATE_LIMIT_CANCELS_PER_MINUTE: "0",
      LOG_LEVEL: "warn",
      LOG_FILE: logFile,
    },
    DIST_DIR,
  );
  cleanups.unshift(server.stop);
  console.log(
    `Server on ${server.url} (build ${build}); ${USERS} users for ${SECONDS} s, seed ${values.seed}`,
  );

  const images = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      sharp({
        create: { width: 640, height: 480, channels: 3, background: { r: 30 * i, g: 120, b: 200 - 20 * i } },
      })
        .jpeg({ quality: 80 })
        .toBuffer(),
    ),
  );
  const started = Date.now();
  await Promise.all(
    Array.from({ length: USERS }, (_, i) => userLoop(server.url, images, started + SECONDS * 1000, i)),
  );
  const loadSeconds = (Date.now() - started) / 1000;

  // Past the sweeper's window: nothing may stay in flight (the cron runs every minute).
  const db = postgres(database.url, { max: 1, onnotice: () => {} });
  const waitStarted = Date.now();
  let inFlight = Number.POSITIVE_INFINITY;
  while (Date.now() - waitStarted < (STUCK_PHOTO_TIMEOUT_S + 90) * 1000) {
    const [row] = await db<{ n: number }[]>`
      select count(*)::int as n from meal_photos where status in ('PENDING', 'PROCESSING')`;
    inFlight = row?.n ?? 0;
    if (inFlight === 0) break;
    await sleep(1000);
  }
  const [counts] = await db<Record<string, number>[]>`
    select (select count(*)::int from meals) as meals,
           (select count(*)::int from meal_photos) as photos,
           (select count(*)::int from meal_photos where status = 'SUCCESS') as success,
           (select count(*)::int from meal_photos where status = 'CANCELLED') as cancelled,
           (select count(*)::int from meal_photos where status = 'FAILED') as failed,
           (select count(*)::int from meal_photos where status = 'FAILED' and error_code = 'timeout') as swept,
           (select count(*)::int from meal_photos where attempt > 1) as retried,
           (select count(*)::int from food_items) as items,
           (select count(*)::int from cancel_events) as cancel_events,
           (select coalesce(sum(duplicate_count), 0)::int from cancel_events) as duplicate_cancels,
           (select count(*)::int from operation_events where kind = 'race_guard_discard') as race_guard_discards`;
  await db.end();

  const check = await runCommand(
    "npx",
    ["tsx", "--conditions=react-server", "scripts/load.ts", "--check", database.url],
    {
      env: { ...process.env, STUCK_AFTER: String(STUCK_PHOTO_TIMEOUT_S) },
    },
  );
  const breaks = JSON.parse(check.trim().split("\n").at(-1) ?? "{}") as { counts: Record<string, number> };
  const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
  const unhandled = log.split("\n").filter((line) => line.includes('"Unhandled error"')).length;

  // ---- Summary ----
  const byStatus: Record<string, number> = {};
  for (const sample of samples) byStatus[sample.status] = (byStatus[sample.status] ?? 0) + 1;
  const routes = [...new Set(samples.map((sample) => sample.route))].sort();
  console.log(
    `\n${samples.length} requests in ${loadSeconds.toFixed(1)} s (${(samples.length / loadSeconds).toFixed(0)}/s)`,
  );
  console.log(`by status: ${JSON.stringify(byStatus)}`);
  console.log(
    `${"route".padEnd(44)} ${"count".padStart(6)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}`,
  );
  for (const route of routes) {
    const times = samples
      .filter((sample) => sample.route === route)
      .map((sample) => sample.ms)
      .sort((a, b) => a - b);
    console.log(
      `${route.padEnd(44)} ${String(times.length).padStart(6)} ${percentile(times, 50).toFixed(0).padStart(8)} ${percentile(times, 95).toFixed(0).padStart(8)} ${(times.at(-1) ?? 0).toFixed(0).padStart(8)}`,
    );
  }
  console.log(`rows: ${JSON.stringify(counts)}`);
  console.log(`in flight after the wait: ${inFlight}; invariant breaks: ${JSON.stringify(breaks.counts)}`);
  console.log(`server log: ${unhandled} unhandled errors`);
  const fivexx = samples.filter((sample) => sample.status >= 500 || sample.status === 0).length;
  const broken = Object.values(breaks.counts ?? {}).reduce((sum, n) => sum + n, 0);
  if (unexpected.length > 0)
    console.log(`unexpected answers (first 20):\n  ${unexpected.slice(0, 20).join("\n  ")}`);
  if (fivexx > 0 || broken > 0 || inFlight > 0 || unhandled > 0 || unexpected.length > 0) {
    console.log("\nFAILED: see above.");
    exitCode = 1;
  } else {
    console.log("\nOK: zero 5xx, every invariant holds, nothing stuck.");
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error) => console.error(error));
}
process.exit(exitCode);
