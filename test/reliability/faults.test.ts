import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { mealPhotos, meals } from "@/db/schema";
import { reloadConfig } from "@/lib/config";
import { checkInvariants } from "@/lib/integrity/check-invariants";
import { saveRecognition } from "@/lib/photos/save-recognition";
import { sweepStuckPhotos } from "@/lib/photos/sweep-stuck-photos";
import { signUp, type TestUser } from "@/test/app-client";
import {
  eventually,
  recognitionRuns,
  settledRecognition,
  startExecutor,
  startJobs,
  stopJobs,
} from "@/test/jobs";
import {
  cancel,
  cancelEventRows,
  expectInvariantsHold,
  itemsOfPhoto,
  mealView,
  operationEvents,
  uploadPhoto,
} from "@/test/meal-flow";
import { releaseSaveGate, waitAtSaveGate } from "@/test/save-gate";
import { agePhoto } from "@/test/seed";

/**
 * Faults (short runs): a misbehaving recognition provider through the real job, a cancellation
 * event that cannot be sent, and the job executor dying mid-run. The database restart is in
 * database-restart.test.ts (it needs a private Postgres cluster).
 */

// The provider's deadline is 60 s in production and has no variable; the tests shorten it so
// that "slower than the deadline" takes a second, not a minute. Everything else is the real class.
const PROVIDER_DEADLINE_MS = 400;
vi.mock("@/lib/recognition/openai-recognizer", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/recognition/openai-recognizer")>();
  class ShortDeadline extends actual.OpenAIRecognizer {
    constructor(options: ConstructorParameters<typeof actual.OpenAIRecognizer>[0]) {
      super({ ...options, timeoutMs: PROVIDER_DEADLINE_MS });
    }
  }
  return { ...actual, OpenAIRecognizer: ShortDeadline };
});

// ---- A fake OpenAI-compatible provider: each request takes the next scripted reply. ----

type Reply =
  | "ok"
  | "garbage"
  | "bad-shape"
  | "not-food"
  | "slow"
  | "drop"
  | "rate-limited-for-a-minute"
  | 429
  | 500
  | 503
  | 401;

const script: Reply[] = [];
let fallback: Reply = "ok";
let calls = 0;

const GOOD_ITEMS = [
  { name: "Fried egg", grams: 50, kcal: 98, protein: 6.8, fat: 7.4, carbs: 0.4, confidence: 0.9 },
  { name: "Toast", grams: 30, kcal: 80, protein: 2.3, fat: 1, carbs: 15.2, confidence: 0.75 },
];
// As the model answers them (openai-answer.ts): each with its state and household portion too.
const ANSWERED_ITEMS = GOOD_ITEMS.map((item) => ({ ...item, state: "cooked", portion: "1 piece" }));

function completion(content: string) {
  return JSON.stringify({
    id: "chatcmpl-fault",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "fault-model",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  });
}

function answer(res: ServerResponse, reply: Reply) {
  const send = (status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  };
  const apiError = (status: number) =>
    JSON.stringify({ error: { message: `fault ${status}`, type: "fault" } });
  switch (reply) {
    case "ok":
      return send(200, completion(JSON.stringify({ isFood: true, items: ANSWERED_ITEMS })));
    case "garbage":
      return send(200, completion("Sure! Here is your food: 🍳 eggs, probably <b>two</b>."));
    case "bad-shape":
      return send(
        200,
        completion(JSON.stringify({ isFood: true, items: [{ name: "Rice", grams: -5, kcal: 1e9 }] })),
      );
    case "not-food":
      return send(200, completion(JSON.stringify({ isFood: false, items: [] })));
    case "slow": {
      // Headers at once, then the body never comes in time: only a whole-call deadline catches it.
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"id":"chatcmpl-slow",');
      const timer = setTimeout(() => res.end('"object":"chat.completion","choices":[]}'), 30_000);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    case "drop":
      return res.socket?.destroy();
    case 429:
      return send(429, apiError(429), { "retry-after": "1" });
    case "rate-limited-for-a-minute":
      return send(429, apiError(429), { "retry-after": "60" });
    default:
      return send(reply, apiError(reply));
  }
}

const provider = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    calls += 1;
    answer(res, script.shift() ?? fallback);
  });
});
await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));

process.env.RECOGNITION_PROVIDER = "openai";
process.env.OPENAI_BASE_URL = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`;
process.env.OPENAI_API_KEY = "fault-test-key";
process.env.RECOGNITION_RETRIES = "2"; // three attempts per photo
process.env.RECOGNITION_CONCURRENCY_PER_USER = "1";
reloadConfig();

let user: TestUser;

beforeAll(async () => {
  user = await signUp("Faulty");
  await startJobs();
});

afterAll(async () => {
  provider.closeAllConnections();
  await new Promise((resolve) => provider.close(resolve));
});

async function photoRow(photoId: string) {
  const db = await getDb();
  const [row] = await db.select().from(mealPhotos).where(eq(mealPhotos.id, photoId));
  if (!row) throw new Error(`no photo ${photoId}`);
  return row;
}

/** Uploads one photo with the provider scripted, and waits for its run to settle. */
async function recognizeWith(replies: Reply[], afterwards: Reply = "ok") {
  script.length = 0;
  script.push(...replies);
  fallback = afterwards;
  calls = 0;
  const meal = await user.client.createMeal();
  const photoId = await uploadPhoto(user, meal.id);
  const run = await settledRecognition(photoId);
  return { run, photoId, mealId: meal.id, photo: await photoRow(photoId), calls };
}

describe("recognition provider faults, through the real job", () => {
  it.each<[string, Reply[]]>([
    ["a 429 with Retry-After, then a 500, then an answer", [429, 500]],
    ["two slow answers past the deadline, then an answer", ["slow", "slow"]],
    ["a dropped connection, then a 503, then an answer", ["drop", 503]],
  ])("recovers from %s: SUCCESS with the provider's items", async (_, replies) => {
    const { run, photo, mealId, photoId, calls: made } = await recognizeWith(replies);
    expect(run.status).toBe("Completed");
    expect(run.output).toMatchObject({ saved: true, items: GOOD_ITEMS.length });
    expect(made).toBe(replies.length + 1);
    expect(photo).toMatchObject({ status: "SUCCESS", errorCode: null });
    const items = await itemsOfPhoto(photoId);
    expect(items.map((item) => item.name).sort()).toEqual(GOOD_ITEMS.map((item) => item.name).sort());
    expect((await mealView(user, mealId)).meal.status).toBe("COMPLETE");
  });

  it.each<{ what: string; replies: Reply[]; afterwards: Reply; code: string; attempts: number }>([
    { what: "keeps answering 500", replies: [], afterwards: 500, code: "provider_unavailable", attempts: 3 },
    { what: "keeps rate limiting", replies: [], afterwards: 429, code: "rate_limited", attempts: 3 },
    { what: "stays slower than the deadline", replies: [], afterwards: "slow", code: "timeout", attempts: 3 },
    {
      what: "keeps dropping the connection",
      replies: [],
      afterwards: "drop",
      code: "provider_unavailable",
      attempts: 3,
    },
    {
      what: "answers garbage (not retried)",
      replies: [],
      afterwards: "garbage",
      code: "invalid_output",
      attempts: 1,
    },
    {
      what: "answers JSON of the wrong shape (not retried)",
      replies: [],
      afterwards: "bad-shape",
      code: "invalid_output",
      attempts: 1,
    },
    {
      what: "sees no food (not retried)",
      replies: [],
      afterwards: "not-food",
      code: "not_food",
      attempts: 1,
    },
    {
      what: "refuses the key (401, not retried)",
      replies: [],
      afterwards: 401,
      code: "provider_rejected",
      attempts: 1,
    },
    {
      what: "fails twice, then answers garbage",
      replies: [500, "slow"],
      afterwards: "garbage",
      code: "invalid_output",
      attempts: 3,
    },
  ])(
    "FAILED when the provider $what: error_code $code, no items, the meal finalised",
    async ({ replies, afterwards, code, attempts }) => {
      const { run, photo, mealId, photoId, calls: made } = await recognizeWith(replies, afterwards);
      expect(run.status).toBe("Completed");
      expect(run.output).toMatchObject({ failed: true, mealStatus: "FAILED" });
      expect(made).toBe(attempts);
      expect(photo).toMatchObject({ status: "FAILED", errorCode: code });
      expect(await itemsOfPhoto(photoId)).toEqual([]);
      const view = await mealView(user, mealId);
      expect(view.meal.status).toBe("FAILED");
      expect(view.items).toEqual([]);
    },
  );

  it("never saves garbage: over every scripted fault, no FAILED photo has items and invariants hold", async () => {
    await expectInvariantsHold();
    const db = await getDb();
    const rows = await db.select().from(mealPhotos).where(eq(mealPhotos.userId, user.id));
    for (const row of rows) expect(["SUCCESS", "FAILED"]).toContain(row.status);
  });
});

describe("retries and the sweeper share one clock", () => {
  it("a photo waiting out a provider's Retry-After is not swept; once it is overdue, the sweeper fails it and cancels its run", async () => {
    script.length = 0;
    fallback = "rate-limited-for-a-minute";
    const meal = await user.client.createMeal();
    const photoId = await uploadPhoto(user, meal.id);
    // The recognize step failed and recorded when its retry is due (a minute from now).
    const waiting = await eventually(async () => {
      const row = await photoRow(photoId);
      return row.retryDueAt ? row : undefined;
    });
    expect(waiting.status).toBe("PROCESSING");
    expect(waiting.retryDueAt?.getTime()).toBeGreaterThan(Date.now());

    // Its last heartbeat long past the timeout: the pending retry still keeps it alive.
    await agePhoto(photoId, 600);
    expect((await sweepStuckPhotos(120, 0)).failedPhotos).toBe(0);
    expect((await photoRow(photoId)).status).toBe("PROCESSING");

    // The retry overdue too: the sweeper fails the photo and cancels the run it would retry.
    const db = await getDb();
    await db
      .update(mealPhotos)
      .set({ retryDueAt: new Date(Date.now() - 600_000) })
      .where(eq(mealPhotos.id, photoId));
    expect((await sweepStuckPhotos(120, 0)).failedPhotos).toBe(1);
    expect(await photoRow(photoId)).toMatchObject({ status: "FAILED", errorCode: "timeout" });
    expect((await settledRecognition(photoId)).status).toBe("Cancelled");
    expect(await itemsOfPhoto(photoId)).toEqual([]);
    fallback = "ok";
  });
});

describe("the cancellation event cannot be sent", () => {
  it("cancel still answers 200 cancelled with its audit row; the late save is discarded by the race guard", async () => {
    const gateDir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-fault-gate-"));
    process.env.RECOGNITION_SAVE_GATE_DIR = gateDir;
    try {
      script.length = 0;
      fallback = "ok";
      const meal = await user.client.createMeal();
      const photoId = await uploadPhoto(user, meal.id);
      await waitAtSaveGate(photoId);
      expect((await photoRow(photoId)).status).toBe("PROCESSING");

      // The jobs backend goes away while the result is about to be saved.
      const port = Number(process.env.INNGEST_EMBEDDED_PORT);
      await stopJobs();

      const clientCancelId = randomUUID();
      const answer = await cancel(user, { clientCancelId, mealId: meal.id });
      expect(answer).toMatchObject({ status: "cancelled", updatedPhotos: 1, mealStatus: "FAILED" });
      const [row] = await cancelEventRows(clientCancelId);
      expect(row).toMatchObject({ mealId: meal.id, noop: false, updatedPhotos: 1 });
      expect((await photoRow(photoId)).status).toBe("CANCELLED");

      // The orphaned save (its executor is gone) goes on once the gate opens: the guard discards it.
      await releaseSaveGate(photoId);
      await eventually(async () => (await operationEvents("race_guard_discard", photoId)).length === 1);
      // And a save replayed by a new executor (the same attempt, the same items) is discarded too.
      const replay = await saveRecognition(photoId, 1, GOOD_ITEMS);
      expect(replay).toMatchObject({ discarded: true, status: "CANCELLED" });
      expect(await itemsOfPhoto(photoId)).toEqual([]);
      expect((await mealView(user, meal.id)).meal.status).toBe("FAILED");
      await expectInvariantsHold();

      // A new executor on the same port: jobs run again.
      await startExecutor(port);
      await startJobs();
      delete process.env.RECOGNITION_SAVE_GATE_DIR;
      const after = await user.client.createMeal();
      const next = await uploadPhoto(user, after.id);
      expect((await settledRecognition(next)).output).toMatchObject({ saved: true });
    } finally {
      delete process.env.RECOGNITION_SAVE_GATE_DIR;
      rmSync(gateDir, { recursive: true, force: true });
    }
  });
});

describe("the job executor dies mid-run", () => {
  it("the sweeper fails every photo in flight (timeout), finalises the meals, and invariants hold", async () => {
    const gateDir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-fault-gate-"));
    process.env.RECOGNITION_SAVE_GATE_DIR = gateDir;
    try {
      script.length = 0;
      fallback = "ok";
      // Meal 1: one photo done before the crash, two in flight. Meal 2: three in flight.
      const done = await user.client.createMeal();
      const donePhoto = await uploadPhoto(user, done.id);
      await waitAtSaveGate(donePhoto);
      await releaseSaveGate(donePhoto);
      expect((await settledRecognition(donePhoto)).output).toMatchObject({ saved: true });
      const inFlight = [await uploadPhoto(user, done.id), await uploadPhoto(user, done.id)];
      const other = await user.client.createMeal();
      for (let i = 0; i < 3; i++) inFlight.push(await uploadPhoto(user, other.id));
      // Concurrency 1 per user: exactly one run is at the save gate, the others are queued or PENDING.
      await eventually(async () => {
        for (const photoId of inFlight) {
          if ((await photoRow(photoId)).status === "PROCESSING") return photoId;
        }
        return undefined;
      });

      const port = Number(process.env.INNGEST_EMBEDDED_PORT);
      await stopJobs(); // the executor and the app's serve endpoint die; queued runs are lost
      const states = await Promise.all(inFlight.map(async (photoId) => (await photoRow(photoId)).status));
      expect(states.every((status) => status === "PENDING" || status === "PROCESSING")).toBe(true);
      expect(states).toContain("PROCESSING");

      // The sweeper with a 1 s timeout and no recoveries left, as the cron would run it, until
      // nothing is in flight.
      let swept = 0;
      await eventually(
        async () => {
          swept += (await sweepStuckPhotos(1, 0)).failedPhotos;
          const rows = await Promise.all(inFlight.map(photoRow));
          return rows.every((row) => row.status === "FAILED");
        },
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      expect(swept).toBe(inFlight.length);
      for (const photoId of inFlight) {
        expect(await photoRow(photoId)).toMatchObject({ status: "FAILED", errorCode: "timeout" });
        expect(await itemsOfPhoto(photoId)).toEqual([]);
      }
      const db = await getDb();
      const [first] = await db.select().from(meals).where(eq(meals.id, done.id));
      const [second] = await db.select().from(meals).where(eq(meals.id, other.id));
      expect(first?.status).toBe("COMPLETE"); // it keeps its successful photo
      expect(second?.status).toBe("FAILED");
      expect((await itemsOfPhoto(donePhoto)).length).toBe(GOOD_ITEMS.length);

      // The run that was at the gate finishes late, in a dead executor's handler: discarded.
      for (const photoId of inFlight) await releaseSaveGate(photoId);
      const gated = inFlight.find((photoId) => states[inFlight.indexOf(photoId)] === "PROCESSING") ?? "";
      await eventually(async () => (await operationEvents("race_guard_discard", gated)).length === 1);
      expect(await itemsOfPhoto(gated)).toEqual([]);

      const breaks = await checkInvariants({ stuckAfterSeconds: 1 });
      expect(breaks.counts).toEqual({
        terminalPhotosWithItems: 0,
        mealsWithWrongStatus: 0,
        duplicateCancelEvents: 0,
        stuckPhotos: 0,
      });

      // The user can retry a swept photo once jobs are back.
      await startExecutor(port);
      await startJobs();
      delete process.env.RECOGNITION_SAVE_GATE_DIR;
      const retried = await user.client.post(`/api/meals/${other.id}/photos/${inFlight[2]}/retry`);
      expect(retried.status).toBe(202);
      expect((await settledRecognition(inFlight[2] ?? "", 2)).output).toMatchObject({ saved: true });
      expect((await mealView(user, other.id)).meal.status).toBe("COMPLETE");
      // One run of the new attempt, on the restarted executor, and it completed.
      expect((await recognitionRuns(inFlight[2] ?? "", 2)).map((run) => run.status)).toEqual(["Completed"]);
      await expectInvariantsHold();
    } finally {
      delete process.env.RECOGNITION_SAVE_GATE_DIR;
      rmSync(gateDir, { recursive: true, force: true });
    }
  });
});
