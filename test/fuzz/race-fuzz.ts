import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import sharp from "sharp";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { cancelRecognition } from "@/lib/cancel/cancel-recognition";
import { CLIENT_CANCEL_REASONS } from "@/lib/cancel/inputs";
import { AppError } from "@/lib/http/errors";
import { checkInvariants } from "@/lib/integrity/check-invariants";
import { logger } from "@/lib/logger";
import { createMeal } from "@/lib/meals/create-meal";
import { deleteMeal } from "@/lib/meals/delete-meal";
import { addPhoto } from "@/lib/photos/add-photo";
import { failRecognition } from "@/lib/photos/fail-recognition";
import { recoverAfterRestart } from "@/lib/photos/recover-after-restart";
import { retryPhoto } from "@/lib/photos/retry-photo";
import { saveRecognition } from "@/lib/photos/save-recognition";
import { startRecognition } from "@/lib/photos/start-recognition";
import { sweepStuckPhotos } from "@/lib/photos/sweep-stuck-photos";
import type { RecognizedItem } from "@/lib/recognition/types";

/**
 * A seedable race fuzzer over the real domain code and database: concurrent workers run random
 * sequences of upload, the recognition job's steps (with current and stale attempts, and replays
 * of a step after its commit), cancel (with reused clientCancelIds), retry, meal deletion, the
 * sweeper, and crashes of the jobs engine (every run and every event in flight lost, then the
 * recovery a restart runs); every invariant of DESIGN §4 that the database can show, and the
 * job boundary's own, are checked after each round. A failure names its seed.
 */

/** mulberry32: small, fast and good enough to replay an interleaving from its seed. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)],
  };
}

type Random = ReturnType<typeof prng>;

export interface FuzzOptions {
  seed: number;
  rounds: number;
  workers: number;
  opsPerWorker: number;
  userIds: string[];
}

export interface FuzzReport {
  seed: number;
  operations: Record<string, number>;
  expectedRefusals: number;
}

interface PhotoRef {
  id: string;
  mealId: string;
  userId: string;
  attempt: number;
}

const ITEMS: RecognizedItem[] = [
  { name: "Rice, white, cooked", grams: 150, kcal: 195, protein: 4, fat: 0.4, carbs: 42, confidence: 0.8 },
  { name: "Chicken breast", grams: 120, kcal: 198, protein: 37, fat: 4.3, carbs: 0, confidence: 0.7 },
];

class InvariantBroken extends Error {}

async function currentPhotos(): Promise<PhotoRef[]> {
  const db = await getDb();
  const rows = rowsOf<{ id: string; meal_id: string; user_id: string; attempt: number }>(
    await db.execute(sql`select id, meal_id, user_id, attempt from meal_photos`),
  );
  return rows.map((row) => ({ id: row.id, mealId: row.meal_id, userId: row.user_id, attempt: row.attempt }));
}

async function currentMeals(): Promise<{ id: string; userId: string }[]> {
  const db = await getDb();
  const rows = rowsOf<{ id: string; user_id: string }>(await db.execute(sql`select id, user_id from meals`));
  return rows.map((row) => ({ id: row.id, userId: row.user_id }));
}

/**
 * The job boundary: every photo in flight has its current attempt's event in the outbox (nothing
 * in flight is lost); no photo has items attached twice; no race-guard discard was recorded
 * against its own attempt's success (a replayed save is not a discard).
 */
async function jobBoundaryBreaks(): Promise<Record<string, string[]>> {
  const db = await getDb();
  const ids = async (query: ReturnType<typeof sql>) =>
    rowsOf<{ id: string }>(await db.execute(query)).map((row) => row.id);
  return {
    inFlightWithoutEvent: await ids(sql`select p.id from meal_photos p
      where p.status in ('PENDING', 'PROCESSING') and not exists (
        select 1 from job_outbox o where o.id = 'recognize-' || p.id || '-' || p.attempt)`),
    itemsAttachedTwice: await ids(sql`select photo_id as id from food_items where source = 'ai'
      group by photo_id having count(*) > ${ITEMS.length}`),
    discardOfASavedAttempt: await ids(sql`select photo_id as id from operation_events
      where kind = 'race_guard_discard' and detail ->> 'status' = 'SUCCESS'
        and detail ->> 'attempt' = detail ->> 'currentAttempt'`),
  };
}

async function invariantsHold(round: number, seed: number): Promise<void> {
  const breaks = { ...(await checkInvariants({ stuckAfterSeconds: 3600 })), ...(await jobBoundaryBreaks()) };
  const broken = Object.entries(breaks).filter(
    ([name, ids]) => name !== "stuckPhotos" && name !== "counts" && Array.isArray(ids) && ids.length > 0,
  );
  if (broken.length > 0) {
    throw new InvariantBroken(
      `Invariant broken after round ${round} (replay with seed ${seed}): ${JSON.stringify(Object.fromEntries(broken))}`,
    );
  }
}

export async function runRaceFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c84" } })
    .jpeg()
    .toBuffer();
  const operations: Record<string, number> = {};
  let expectedRefusals = 0;
  const cancelIds: { userId: string; id: string }[] = [];
  const log = logger.child({ fuzz: options.seed });

  const ops: Record<
    string,
    (r: Random, photos: PhotoRef[], meals: { id: string; userId: string }[]) => Promise<unknown>
  > = {
    createMeal: (r) => createMeal(r.pick(options.userIds) as string, { clientRequestId: randomUUID() }),
    upload: async (r, _p, meals) => {
      const meal = r.pick(meals);
      if (!meal) return;
      return addPhoto(
        meal.userId,
        { mealId: meal.id, clientUploadId: randomUUID(), file: image },
        { maxPixels: 1e7 },
      );
    },
    start: async (r, photos) => {
      const photo = r.pick(photos);
      if (photo) return startRecognition(photo.id, photo.attempt);
    },
    save: async (r, photos) => {
      const photo = r.pick(photos);
      if (!photo) return;
      // A third of the saves come late, from the attempt before the current one.
      const attempt = r.next() < 0.33 ? Math.max(1, photo.attempt - 1) : photo.attempt;
      return saveRecognition(photo.id, attempt, ITEMS);
    },
    fail: async (r, photos) => {
      const photo = r.pick(photos);
      if (photo) return failRecognition(photo.id, photo.attempt, { code: "fuzz", message: "fuzzed failure" });
    },
    cancel: async (r, photos, meals) => {
      const reuse = r.next() < 0.3 ? r.pick(cancelIds) : undefined;
      const meal = r.pick(meals);
      const userId = reuse?.userId ?? meal?.userId ?? (r.pick(options.userIds) as string);
      const clientCancelId = reuse?.id ?? randomUUID();
      cancelIds.push({ userId, id: clientCancelId });
      const named =
        r.next() < 0.3
          ? photos
              .filter((p) => p.mealId === meal?.id)
              .slice(0, 2)
              .map((p) => p.id)
          : [];
      return cancelRecognition(
        userId,
        {
          clientCancelId,
          mealId: r.next() < 0.9 ? meal?.id : randomUUID(),
          photoIds: named.length > 0 ? named : undefined,
          reason: r.pick(CLIENT_CANCEL_REASONS) ?? "user_cancel",
        },
        log,
      );
    },
    retry: async (r, photos) => {
      const photo = r.pick(photos);
      if (photo) return retryPhoto(photo.userId, photo.mealId, photo.id);
    },
    deleteMeal: async (r, _p, meals) => {
      const meal = r.pick(meals);
      if (meal) return deleteMeal(meal.userId, meal.id, log);
    },
    sweep: () => sweepStuckPhotos(0),
    // A step delivered twice for one attempt, the second time after the first committed.
    replay: async (r, photos) => {
      const photo = r.pick(photos);
      if (!photo) return;
      const step =
        r.next() < 0.5
          ? () => startRecognition(photo.id, photo.attempt)
          : () => saveRecognition(photo.id, photo.attempt, ITEMS);
      await step();
      return step();
    },
    // The engine crashes: every event it had (delivered or not) and every run is lost; the
    // restart's recovery gives each photo in flight a new attempt through the outbox.
    crash: async () => {
      const db = await getDb();
      await db.execute(sql`update job_outbox set delivered_at = now() where delivered_at is null`);
      return recoverAfterRestart(new Date());
    },
  };
  // Weights: the job's steps and cancels dominate, deletions, sweeps and crashes are rare.
  const deck = [
    ...Array(2).fill("createMeal"),
    ...Array(4).fill("upload"),
    ...Array(4).fill("start"),
    ...Array(4).fill("save"),
    ...Array(1).fill("fail"),
    ...Array(4).fill("cancel"),
    ...Array(2).fill("retry"),
    ...Array(1).fill("deleteMeal"),
    ...Array(1).fill("sweep"),
    ...Array(2).fill("replay"),
    ...Array(1).fill("crash"),
  ] as string[];

  for (let round = 0; round < options.rounds; round++) {
    const [photos, meals] = [await currentPhotos(), await currentMeals()];
    const workers = Array.from({ length: options.workers }, (_, worker) => {
      const r = prng(options.seed * 1_000_003 + round * 101 + worker);
      return (async () => {
        for (let i = 0; i < options.opsPerWorker; i++) {
          const name = r.pick(deck) as string;
          operations[name] = (operations[name] ?? 0) + 1;
          try {
            await ops[name]?.(r, photos, meals);
          } catch (error) {
            // 404 (gone meanwhile) and 409 (a conflicting operation won) are the contract's answers.
            if (error instanceof AppError && (error.status === 404 || error.status === 409))
              expectedRefusals += 1;
            else
              throw new Error(
                `${name} threw (replay with seed ${options.seed}): ${(error as Error).message}`,
                { cause: error },
              );
          }
        }
      })();
    });
    await Promise.all(workers);
    await invariantsHold(round, options.seed);
  }
  return { seed: options.seed, operations, expectedRefusals };
}
