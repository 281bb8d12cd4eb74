import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getDb } from "@/db/client";
import { cancelEvents, foodItems, meals } from "@/db/schema";
import { reloadConfig } from "@/lib/config";
import { AppClient, signUp, type TestUser } from "@/test/app-client";
import { eventually, freePort } from "@/test/jobs";

/**
 * The database restarts under load (a failover, a crash, a maintenance restart). Requests during
 * the outage fail with 503 and the error shape — not 500 — and recover by themselves; nothing
 * acknowledged is lost, nothing is duplicated. This file runs on a PRIVATE throwaway cluster
 * (initdb + pg_ctl on a free port), never on the shared server.
 */

// The log of this file goes to a file the last test reads: failed queries must not leak secrets.
const LOG_FILE = vi.hoisted(() => {
  const file = `${process.env.TMPDIR ?? "/tmp"}/mealsnap-restart-${process.pid}-${Date.now()}.log`;
  process.env.LOG_FILE = file;
  process.env.LOG_LEVEL = "warn";
  return file;
});

function findPgBin(): string | undefined {
  const onPath = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).stdout.trim();
  if (onPath) return path.dirname(onPath);
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, "bin");
    if (existsSync(path.join(bin, "initdb"))) return bin;
  }
  return undefined;
}

const PG_BIN = findPgBin();
if (!PG_BIN)
  console.warn("database-restart.test.ts SKIPPED: initdb is not installed (PostgreSQL server binaries)");
const asRoot = process.getuid?.() === 0;

let cluster: { dir: string; port: number } | undefined;

function pg(tool: string, args: string[]): void {
  const command = path.join(PG_BIN ?? "", tool);
  const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  execFileSync(file, argv, { stdio: "pipe" });
}

function pgCtl(...args: string[]) {
  if (!cluster) throw new Error("no cluster");
  pg("pg_ctl", ["-D", path.join(cluster.dir, "data"), "-l", path.join(cluster.dir, "log"), "-w", ...args]);
}

async function startCluster() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-restart-pg-"));
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  cluster = { dir, port };
  pg("initdb", ["-D", path.join(dir, "data"), "--auth=trust", "-U", "postgres"]);
  pgCtl("-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`, "start");
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const { default: postgres } = await import("postgres");
  const { MIGRATIONS_FOLDER } = await import("@/db/client");
  const client = postgres(url, { max: 1, onnotice: () => {} });
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  await client.end();
  // This file only: the app's database is the private cluster.
  await closeDb();
  process.env.DATABASE_URL = url;
  reloadConfig();
}

let user: TestUser;

beforeAll(async () => {
  if (!PG_BIN) return;
  await startCluster();
  user = await signUp("Restart");
}, 120_000);

afterAll(async () => {
  if (!cluster) return;
  await closeDb();
  try {
    pgCtl("-m", "immediate", "stop");
  } catch {
    // Already stopped.
  }
  rmSync(cluster.dir, { recursive: true, force: true });
  rmSync(LOG_FILE, { force: true });
});

interface Outcome {
  status: number;
  body: unknown;
  retryAfter: string | null;
  phase: Phase;
}

type Phase = "before" | "outage" | "after";

describe.skipIf(!PG_BIN)("the database restarts under load", () => {
  it("answers 503 with the error shape during the outage, recovers by itself, loses and duplicates nothing", async () => {
    const meal = await user.client.createMeal({ date: "2026-07-01" });
    let phase: Phase = "before";
    let stop = false;
    const outcomes: Outcome[] = [];
    // What the server acknowledged, and what a client retrying after a 503 sent again.
    const acknowledgedItems = new Set<string>();
    const unansweredItems = new Set<string>();
    const mealRequestIds = new Set<string>();
    const acknowledgedMeals = new Map<string, string>();
    const cancelIds = new Set<string>();
    const acknowledgedCancels = new Set<string>();
    let signInsRefused = 0;

    const record = async (response: Response, at: Phase) => {
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      outcomes.push({
        status: response.status,
        body,
        retryAfter: response.headers.get("retry-after"),
        phase: at,
      });
      return body;
    };

    /** A client that retries its idempotent writes (same ids) until they are acknowledged. */
    const worker = async (n: number) => {
      let pendingMeal: string | undefined;
      let pendingCancel: string | undefined;
      for (let i = 0; !stop; i++) {
        const at = phase;
        const op = (n + i) % 5;
        if (op === 0) {
          const name = `item-${n}-${i}`;
          const response = await user.client.post(`/api/meals/${meal.id}/items`, {
            name,
            grams: 100,
            kcal: 100,
            protein: 1,
            fat: 1,
            carbs: 1,
          });
          await record(response, at);
          if (response.status === 201) acknowledgedItems.add(name);
          else unansweredItems.add(name);
        } else if (op === 1) {
          pendingMeal ??= crypto.randomUUID();
          mealRequestIds.add(pendingMeal);
          const response = await user.client.post("/api/meals", {
            clientRequestId: pendingMeal,
            date: "2026-07-02",
          });
          const body = (await record(response, at)) as { meal?: { id: string } };
          if (response.status === 200 || response.status === 201) {
            const previous = acknowledgedMeals.get(pendingMeal);
            if (previous) expect(body.meal?.id).toBe(previous);
            acknowledgedMeals.set(pendingMeal, body.meal?.id ?? "");
            pendingMeal = undefined;
          }
        } else if (op === 2) {
          pendingCancel ??= crypto.randomUUID();
          cancelIds.add(pendingCancel);
          const response = await user.client.post("/api/ai/cancel", { clientCancelId: pendingCancel });
          await record(response, at);
          if (response.status === 200) {
            acknowledgedCancels.add(pendingCancel);
            pendingCancel = undefined;
          }
        } else if (op === 3) {
          await record(await user.client.get(`/api/meals/${meal.id}`), at);
        } else {
          // Sign-in goes through the auth library: its failures must map the same way.
          const response = await new AppClient().post("/api/auth/sign-in/email", {
            email: user.email,
            password: "correct-horse-1",
          });
          await record(response, at);
          if (at === "outage" && response.status === 503) signInsRefused += 1;
        }
        // Let the loop breathe so the outage is observed by many requests, not a tight spin.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // A real client finishes its pending writes once the service is back.
      while (pendingMeal || pendingCancel) {
        if (pendingMeal) {
          const response = await user.client.post("/api/meals", {
            clientRequestId: pendingMeal,
            date: "2026-07-02",
          });
          const body = (await record(response, "after")) as { meal?: { id: string } };
          if (response.status < 300) {
            acknowledgedMeals.set(pendingMeal, body.meal?.id ?? "");
            pendingMeal = undefined;
          }
        }
        if (pendingCancel) {
          const response = await user.client.post("/api/ai/cancel", { clientCancelId: pendingCancel });
          await record(response, "after");
          if (response.status === 200) {
            acknowledgedCancels.add(pendingCancel);
            pendingCancel = undefined;
          }
        }
      }
    };

    const started = performance.now();
    const marks: Record<string, number> = {};
    const mark = (name: string) => {
      marks[name] = Math.round(performance.now() - started);
    };
    const workers = Array.from({ length: 8 }, (_, n) => worker(n));
    await eventually(() => outcomes.length >= 40);

    // Stop the server (fast: open sessions are terminated), hold it down until requests fail, restart.
    phase = "outage";
    mark("stop");
    pgCtl("-m", "fast", "stop");
    // Down until requests of every kind met it: sign-ins (one operation in five) too, which ten
    // failures of any kind alone leave to chance.
    await eventually(
      () =>
        outcomes.filter((o) => o.phase === "outage" && o.status >= 500).length >= 10 &&
        signInsRefused > 0 &&
        unansweredItems.size > 0,
      { timeoutMs: 30_000 },
    );
    mark("start");
    pgCtl("-o", `-p ${cluster?.port} -k ${cluster?.dir} -c listen_addresses=127.0.0.1`, "start");
    // Recovery: wait until a request of every worker succeeds again, then keep going a while.
    await eventually(
      () => {
        const tail = outcomes.slice(-16);
        return tail.length === 16 && tail.every((o) => o.status < 500);
      },
      { timeoutMs: 30_000 },
    );
    phase = "after";
    mark("recovered");
    const afterStart = outcomes.length;
    await eventually(() => outcomes.length >= afterStart + 80, { timeoutMs: 30_000 });
    stop = true;
    await Promise.all(workers);
    mark("done");

    const failures = outcomes.filter((o) => o.status >= 500);
    const statuses = [...new Set(outcomes.map((o) => o.status))].sort();
    console.info(
      `database restart: ${outcomes.length} requests, statuses ${statuses.join(",")}, ${failures.length} failed during the outage; ms: ${JSON.stringify(marks)}`,
    );
    const kinds = new Map<string, number>();
    for (const failure of failures) {
      const key = `${failure.status} ${JSON.stringify(failure.body).slice(0, 120)}`;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    }
    console.info([...kinds].map(([key, count]) => `${count}× ${key}`).join("\n"));
    // Every failure is a 503 with the error shape and Retry-After — never a 500.
    expect(failures.length).toBeGreaterThanOrEqual(10);
    // Soft: the data checks below still run and report when these fail.
    for (const failure of failures) {
      expect.soft(failure.status, JSON.stringify(failure.body)).toBe(503);
      expect
        .soft(failure.body)
        .toMatchObject({ error: { code: "unavailable", message: expect.any(String) } });
      expect.soft(Number(failure.retryAfter)).toBeGreaterThan(0);
    }
    // Nothing but success and 503 anywhere; after recovery, every request succeeds.
    expect.soft(outcomes.every((o) => o.status < 300 || o.status === 503)).toBe(true);
    expect.soft(outcomes.filter((o) => o.phase === "after" && o.status >= 300)).toEqual([]);

    // Nothing lost, nothing duplicated.
    const db = await getDb();
    const items = await db
      .select()
      .from(foodItems)
      .where(eq(foodItems.mealId, meal.id))
      .orderBy(asc(foodItems.name));
    const names = items.map((item) => item.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => !acknowledgedItems.has(name))).toEqual([]);
    expect([...acknowledgedItems].filter((name) => !names.includes(name))).toEqual([]);
    const mealRows = await db.select().from(meals).where(eq(meals.date, "2026-07-02"));
    expect(mealRows.length).toBe(mealRequestIds.size);
    expect(new Set(mealRows.map((row) => row.clientRequestId))).toEqual(mealRequestIds);
    expect(new Set(mealRows.map((row) => row.id))).toEqual(new Set(acknowledgedMeals.values()));
    const cancelRows = await db.select().from(cancelEvents).where(eq(cancelEvents.userId, user.id));
    expect(cancelRows.length).toBe(cancelIds.size);
    expect(new Set(cancelRows.map((row) => row.clientCancelId))).toEqual(acknowledgedCancels);
    expect(unansweredItems.size).toBeGreaterThan(0);
    expect(signInsRefused).toBeGreaterThan(0);
  }, 120_000);

  it("logs the outage without secrets: no session token, no query parameters", async () => {
    const log = readFileSync(LOG_FILE, "utf8");
    expect(log).toContain("Database unavailable");
    const token = decodeURIComponent(user.client.cookie.split("=")[1] ?? "").split(".")[0] ?? "";
    expect(token.length).toBeGreaterThan(10);
    expect(log.includes(token), "the session token appears in the log").toBe(false);
    expect(log, "failed queries' parameters appear in the log").not.toMatch(/\bparams: /);
  });
});
