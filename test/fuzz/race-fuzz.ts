import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import sharp from "sharp";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { cancelRecognition } from "@/lib/cancel/cancel-recognition";
import { type CancelInput, type CancelResponse, CLIENT_CANCEL_REASONS } from "@/lib/cancel/inputs";
import { AppError } from "@/lib/http/errors";
import { checkInvariants } from "@/lib/integrity/check-invariants";
import { logger } from "@/lib/logger";
import { createMeal } from "@/lib/meals/create-meal";
import { deleteMeal } from "@/lib/meals/delete-meal";
import { addManualItem, deleteItem, updateItem } from "@/lib/meals/items";
import { MAX_PHOTOS_PER_MEAL } from "@/lib/meals/meal-limits";
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
 * sequences of upload (with repeated clientUploadIds), the recognition job's steps (with current
 * and stale attempts, and replays of a step after its commit), cancel (with reused
 * clientCancelIds, for the same or other targets), retry, item add/edit/delete, meal deletion,
 * the sweeper and crashes of the jobs engine (every run and every event in flight lost, then the
 * recovery a restart runs), and play pairs of requests against each other (an item edit or delete
 * against its meal's deletion, one upload twice at the photo limit, one clientCancelId for two
 * meals, a cancel against the save step). Every answer is checked against the rows after its
 * round, every invariant of DESIGN §4 that the database can show and the job boundary's own after
 * each round, and each race counts which side got there first. A failure names its seed.
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

/** The races the fuzzer plays, and for each, how often each side got there first. */
export interface RaceOrders {
  itemVsMealDelete: { itemFirst: number; mealFirst: number };
  duplicateUpload: { firstCallCreated: number; secondCallCreated: number };
  cancelIdForTwoMeals: { firstCallActed: number; secondCallActed: number };
  cancelVsSave: { cancelFirst: number; saveFirst: number };
}

export interface FuzzReport {
  seed: number;
  operations: Record<string, number>;
  expectedRefusals: number;
  races: RaceOrders;
}

interface PhotoRef {
  id: string;
  mealId: string;
  userId: string;
  attempt: number;
  status: string;
  clientUploadId: string;
}

interface MealRef {
  id: string;
  userId: string;
  photos: number;
}

interface ItemRef {
  id: string;
  mealId: string;
  userId: string;
}

interface Snapshot {
  photos: PhotoRef[];
  meals: MealRef[];
  items: ItemRef[];
}

const ITEMS: RecognizedItem[] = [
  { name: "Rice, white, cooked", grams: 150, kcal: 195, protein: 4, fat: 0.4, carbs: 42, confidence: 0.8 },
  { name: "Chicken breast", grams: 120, kcal: 198, protein: 37, fat: 4.3, carbs: 0, confidence: 0.7 },
];
const MANUAL_ITEM = { name: "Apple", grams: 150, kcal: 78, protein: 0.4, fat: 0.3, carbs: 21 };

class InvariantBroken extends Error {}

async function snapshot(): Promise<Snapshot> {
  const db = await getDb();
  const photos = rowsOf<{
    id: string;
    meal_id: string;
    user_id: string;
    attempt: number;
    status: string;
    client_upload_id: string;
  }>(await db.execute(sql`select id, meal_id, user_id, attempt, status, client_upload_id from meal_photos`));
  const meals = rowsOf<{ id: string; user_id: string; photos: number }>(
    await db.execute(
      sql`select m.id, m.user_id, (select count(*)::int from meal_photos p where p.meal_id = m.id) as photos
          from meals m`,
    ),
  );
  const items = rowsOf<{ id: string; meal_id: string; user_id: string }>(
    await db.execute(
      sql`select i.id, i.meal_id, m.user_id from food_items i join meals m on m.id = i.meal_id`,
    ),
  );
  return {
    photos: photos.map((row) => ({
      id: row.id,
      mealId: row.meal_id,
      userId: row.user_id,
      attempt: row.attempt,
      status: row.status,
      clientUploadId: row.client_upload_id,
    })),
    meals: meals.map((row) => ({ id: row.id, userId: row.user_id, photos: row.photos })),
    items: items.map((row) => ({ id: row.id, mealId: row.meal_id, userId: row.user_id })),
  };
}

async function rowExists(table: "meals" | "meal_photos" | "food_items", id: string): Promise<boolean> {
  const db = await getDb();
  return rowsOf(await db.execute(sql`select 1 from ${sql.identifier(table)} where id = ${id}`)).length > 0;
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

type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** 404 (gone meanwhile) and 409 (a conflicting operation won) are the contract's refusals; anything else fails the run. */
async function outcome<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (error instanceof AppError && (error.status === 404 || error.status === 409))
      return { ok: false, error };
    throw error;
  }
}

const reasonOf = (error: AppError) => (error.details as { reason?: string } | undefined)?.reason;

/** The fuzzer's own reading of "the same targets": the same meal and the same set of photos. */
function targetsOf(input: Pick<CancelInput, "mealId" | "photoIds">): string {
  return JSON.stringify([input.mealId ?? null, [...new Set(input.photoIds ?? [])].sort()]);
}

/** Both calls of a race start at once, in a random order, the second a moment later or not. */
async function race<A, B>(r: Random, first: () => Promise<A>, second: () => Promise<B>) {
  const pause = () => new Promise((resolve) => setTimeout(resolve, r.int(3)));
  const firstWaits = r.next() < 0.5;
  return Promise.all([
    firstWaits ? pause().then(first) : first(),
    firstWaits ? second() : pause().then(second),
  ]);
}

export async function runRaceFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c84" } })
    .jpeg()
    .toBuffer();
  const operations: Record<string, number> = {};
  const races: RaceOrders = {
    itemVsMealDelete: { itemFirst: 0, mealFirst: 0 },
    duplicateUpload: { firstCallCreated: 0, secondCallCreated: 0 },
    cancelIdForTwoMeals: { firstCallActed: 0, secondCallActed: 0 },
    cancelVsSave: { cancelFirst: 0, saveFirst: 0 },
  };
  let expectedRefusals = 0;
  const cancelIds: { userId: string; id: string }[] = [];
  const log = logger.child({ fuzz: options.seed });

  // Per round: what the answers claimed, checked against the rows once the round's workers are done.
  let checks: (() => Promise<string | undefined>)[] = [];
  let deletedMeals = new Set<string>();
  let deletedItems = new Set<string>();
  let before: Snapshot = { photos: [], meals: [], items: [] };
  const refused = (result: Outcome<unknown>) => {
    if (!result.ok) expectedRefusals += 1;
    return !result.ok;
  };

  /** An answered photo still exists in its meal, unless the meal was deleted in the round. */
  const photoKept = (photoId: string, mealId: string) =>
    checks.push(async () =>
      deletedMeals.has(mealId) || (await rowExists("meal_photos", photoId))
        ? undefined
        : `photo ${photoId} answered but missing`,
    );
  /** An answered item still exists, unless it or its meal was deleted in the round. */
  const itemKept = (itemId: string, mealId: string) =>
    checks.push(async () =>
      deletedMeals.has(mealId) || deletedItems.has(itemId) || (await rowExists("food_items", itemId))
        ? undefined
        : `item ${itemId} answered but missing`,
    );
  const gone = (table: "meals" | "food_items", id: string) =>
    checks.push(async () =>
      (await rowExists(table, id)) ? `${table} ${id} deleted but still there` : undefined,
    );

  /** A cancel's answer against its audit row and the photos it names. */
  const cancelAnswered = (userId: string, input: CancelInput, result: Outcome<CancelResponse>) => {
    checks.push(async () => {
      const db = await getDb();
      const [row] = rowsOf<{ id: string; payload: CancelInput }>(
        await db.execute(
          sql`select id, payload from cancel_events where user_id = ${userId} and client_cancel_id = ${input.clientCancelId}`,
        ),
      );
      if (!row) return `cancel ${input.clientCancelId} answered without its row`;
      const sameTargets = targetsOf(row.payload) === targetsOf(input);
      if (!result.ok) {
        if (reasonOf(result.error) !== "client_cancel_id_reused") return undefined;
        return sameTargets
          ? `cancel ${input.clientCancelId} refused as reused for its own targets`
          : undefined;
      }
      const answer = result.value;
      if (!sameTargets) return `cancel ${input.clientCancelId} replayed an answer for other targets`;
      if (answer.cancelEventId !== row.id) return `cancel ${input.clientCancelId} answered another event`;
      if (answer.duplicate || answer.status !== "cancelled") return undefined;
      // `cancelled`: that many of the named photos are CANCELLED now, or were retried or deleted since.
      const named = rowsOf<{ id: string; status: string; attempt: number }>(
        await db.execute(
          input.photoIds
            ? sql`select id, status, attempt from meal_photos where id in (${sql.join(
                input.photoIds.map((id) => sql`${id}`),
                sql`, `,
              )})`
            : sql`select id, status, attempt from meal_photos where meal_id = ${input.mealId ?? null}`,
        ),
      );
      const attemptBefore = new Map(before.photos.map((photo) => [photo.id, photo.attempt]));
      const accounted =
        named.filter(
          (photo) => photo.status === "CANCELLED" || photo.attempt > (attemptBefore.get(photo.id) ?? 1),
        ).length + (input.photoIds ? input.photoIds.length - named.length : 0);
      const mealGone = input.mealId !== undefined && deletedMeals.has(input.mealId);
      return accounted >= answer.updatedPhotos || mealGone
        ? undefined
        : `cancel ${input.clientCancelId} answered cancelled for ${answer.updatedPhotos} photos, ${accounted} are`;
    });
  };

  const cancel = async (userId: string, input: CancelInput) => {
    const result = await outcome(cancelRecognition(userId, input, log));
    cancelAnswered(userId, input, result);
    return result;
  };

  const upload = async (meal: MealRef, clientUploadId: string) => {
    const result = await outcome(
      addPhoto(meal.userId, { mealId: meal.id, clientUploadId, file: image }, { maxPixels: 1e7 }),
    );
    if (result.ok) {
      const { photo } = result.value;
      if (photo.mealId !== meal.id || photo.clientUploadId !== clientUploadId)
        throw new InvariantBroken(`upload ${clientUploadId} answered another photo`);
      photoKept(photo.id, meal.id);
    }
    return result;
  };

  const ops: Record<string, (r: Random) => Promise<unknown>> = {
    createMeal: (r) => createMeal(r.pick(options.userIds) as string, { clientRequestId: randomUUID() }),
    upload: async (r) => {
      const meal = r.pick(before.meals);
      if (!meal) return;
      // A fifth repeat an upload the meal already holds: the same photo again, never a refusal.
      const earlier = r.next() < 0.2 ? r.pick(before.photos.filter((p) => p.mealId === meal.id)) : undefined;
      const result = await upload(meal, earlier?.clientUploadId ?? randomUUID());
      if (earlier && result.ok && result.value.photo.id !== earlier.id)
        throw new InvariantBroken(`a repeated upload answered a new photo ${result.value.photo.id}`);
      if (earlier && !result.ok && result.error.status === 409)
        throw new InvariantBroken(`a repeated upload was refused: ${reasonOf(result.error)}`);
      return refused(result);
    },
    start: async (r) => {
      const photo = r.pick(before.photos);
      if (photo) return startRecognition(photo.id, photo.attempt);
    },
    save: async (r) => {
      const photo = r.pick(before.photos);
      if (!photo) return;
      // A third of the saves come late, from the attempt before the current one.
      const attempt = r.next() < 0.33 ? Math.max(1, photo.attempt - 1) : photo.attempt;
      return saveRecognition(photo.id, attempt, ITEMS);
    },
    fail: async (r) => {
      const photo = r.pick(before.photos);
      if (photo) return failRecognition(photo.id, photo.attempt, { code: "fuzz", message: "fuzzed failure" });
    },
    cancel: async (r) => {
      const reuse = r.next() < 0.3 ? r.pick(cancelIds) : undefined;
      const meal = r.pick(before.meals);
      const userId = reuse?.userId ?? meal?.userId ?? (r.pick(options.userIds) as string);
      const clientCancelId = reuse?.id ?? randomUUID();
      cancelIds.push({ userId, id: clientCancelId });
      const named =
        r.next() < 0.3
          ? before.photos
              .filter((p) => p.mealId === meal?.id)
              .slice(0, 2)
              .map((p) => p.id)
          : [];
      return refused(
        await cancel(userId, {
          clientCancelId,
          mealId: r.next() < 0.9 ? meal?.id : randomUUID(),
          photoIds: named.length > 0 ? named : undefined,
          reason: r.pick(CLIENT_CANCEL_REASONS) ?? "user_cancel",
        }),
      );
    },
    retry: async (r) => {
      const photo = r.pick(before.photos);
      if (photo) return refused(await outcome(retryPhoto(photo.userId, photo.mealId, photo.id)));
    },
    deleteMeal: async (r) => {
      const meal = r.pick(before.meals);
      if (!meal) return;
      const result = await outcome(deleteMeal(meal.userId, meal.id, log));
      if (result.ok) {
        deletedMeals.add(meal.id);
        gone("meals", meal.id);
      }
      return refused(result);
    },
    addItem: async (r) => {
      const meal = r.pick(before.meals);
      if (!meal) return;
      const result = await outcome(addManualItem(meal.userId, meal.id, MANUAL_ITEM));
      if (result.ok) itemKept(result.value.id, meal.id);
      return refused(result);
    },
    editItem: async (r) => {
      const item = r.pick(before.items);
      if (!item) return;
      const grams = 10 + r.int(400);
      const result = await outcome(updateItem(item.userId, item.id, { grams }));
      if (result.ok && result.value.grams !== grams)
        throw new InvariantBroken(`item ${item.id} edit not applied`);
      if (result.ok) itemKept(item.id, item.mealId);
      return refused(result);
    },
    deleteItem: async (r) => {
      const item = r.pick(before.items);
      if (!item) return;
      const result = await outcome(deleteItem(item.userId, item.id));
      if (result.ok) {
        deletedItems.add(item.id);
        gone("food_items", item.id);
      }
      return refused(result);
    },
    sweep: () => sweepStuckPhotos(0),
    // A step delivered twice for one attempt, the second time after the first committed.
    replay: async (r) => {
      const photo = r.pick(before.photos);
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

    // The races, each side's answer checked against the other's.
    itemVsMealDelete: async (r) => {
      const item = r.pick(before.items);
      if (!item) return;
      const editing = r.next() < 0.5;
      const [itemResult, mealResult] = await race(
        r,
        () =>
          outcome<unknown>(
            editing ? updateItem(item.userId, item.id, { grams: 42 }) : deleteItem(item.userId, item.id),
          ),
        () => outcome(deleteMeal(item.userId, item.mealId, log)),
      );
      refused(itemResult);
      if (refused(mealResult)) return;
      deletedMeals.add(item.mealId);
      gone("meals", item.mealId);
      gone("food_items", item.id);
      if (itemResult.ok) races.itemVsMealDelete.itemFirst += 1;
      else races.itemVsMealDelete.mealFirst += 1;
    },
    duplicateUpload: async (r) => {
      // Mostly a meal one photo short of the limit: the repeat must not meet the limit its twin reached.
      const nearlyFull = before.meals.filter((meal) => meal.photos === MAX_PHOTOS_PER_MEAL - 1);
      const meal = r.pick(nearlyFull.length > 0 && r.next() < 0.8 ? nearlyFull : before.meals);
      if (!meal) return;
      const clientUploadId = randomUUID();
      const [first, second] = await race(
        r,
        () => upload(meal, clientUploadId),
        () => upload(meal, clientUploadId),
      );
      refused(first);
      refused(second);
      if (!first.ok || !second.ok) {
        // Only the meal's deletion may part twins (404): a 409 for one while the other got its photo is the bug.
        const refusal = [first, second].find((result) => !result.ok && result.error.status === 409);
        if (refusal && (first.ok || second.ok))
          throw new InvariantBroken(`one of two identical uploads was refused: ${JSON.stringify(refusal)}`);
        return;
      }
      const [one, two] = [first.value, second.value];
      if (one.photo.id !== two.photo.id || one.created === two.created)
        throw new InvariantBroken(`two identical uploads made ${one.photo.id} and ${two.photo.id}`);
      if (one.created) races.duplicateUpload.firstCallCreated += 1;
      else races.duplicateUpload.secondCallCreated += 1;
    },
    cancelIdForTwoMeals: async (r) => {
      const userId = r.pick(options.userIds) as string;
      const [mealA, mealB] = before.meals.filter((meal) => meal.userId === userId).sort(() => r.next() - 0.5);
      if (!mealA || !mealB) return;
      const clientCancelId = randomUUID();
      const answers = await race(
        r,
        () => cancel(userId, { clientCancelId, mealId: mealA.id, reason: "user_cancel" }),
        () => cancel(userId, { clientCancelId, mealId: mealB.id, reason: "user_cancel" }),
      );
      // Exactly one acts; the other is refused as a reused id.
      const acted = answers.map((result) => result.ok && !result.value.duplicate);
      const reused = answers.map(
        (result) => !result.ok && reasonOf(result.error) === "client_cancel_id_reused",
      );
      if (acted[0] === acted[1] || acted.some((one, index) => one === reused[index]))
        throw new InvariantBroken(`one clientCancelId for two meals: ${JSON.stringify(answers)}`);
      expectedRefusals += 1;
      if (acted[0]) races.cancelIdForTwoMeals.firstCallActed += 1;
      else races.cancelIdForTwoMeals.secondCallActed += 1;
    },
    cancelVsSave: async (r) => {
      // A photo of its own, just started: cancels and sweeps of the round may still reach it first.
      const meal = r.pick(before.meals);
      if (!meal) return;
      const uploaded = await upload(meal, randomUUID());
      if (refused(uploaded) || !uploaded.value.created) return;
      const photo = uploaded.value.photo;
      if ("skipped" in (await startRecognition(photo.id, photo.attempt))) return;
      const [cancelled, save] = await race(
        r,
        () =>
          cancel(photo.userId, { clientCancelId: randomUUID(), photoIds: [photo.id], reason: "user_cancel" }),
        () => saveRecognition(photo.id, photo.attempt, ITEMS),
      );
      if (!cancelled.ok) return;
      const status = cancelled.value.status;
      if (status === "cancelled" && "saved" in save)
        throw new InvariantBroken(`photo ${photo.id} both cancelled and saved`);
      if (status === "cancelled" && "discarded" in save) races.cancelVsSave.cancelFirst += 1;
      if (status === "already_completed" && "saved" in save) races.cancelVsSave.saveFirst += 1;
    },
  };
  // Weights: the job's steps and cancels dominate, deletions, sweeps and the races are rarer.
  const deck = [
    ...Array(2).fill("createMeal"),
    ...Array(4).fill("upload"),
    ...Array(4).fill("start"),
    ...Array(4).fill("save"),
    ...Array(1).fill("fail"),
    ...Array(4).fill("cancel"),
    ...Array(2).fill("retry"),
    ...Array(1).fill("deleteMeal"),
    ...Array(2).fill("addItem"),
    ...Array(2).fill("editItem"),
    ...Array(1).fill("deleteItem"),
    ...Array(1).fill("sweep"),
    ...Array(1).fill("itemVsMealDelete"),
    ...Array(1).fill("duplicateUpload"),
    ...Array(1).fill("cancelIdForTwoMeals"),
    ...Array(1).fill("cancelVsSave"),
    ...Array(2).fill("replay"),
    ...Array(1).fill("crash"),
  ] as string[];

  for (let round = 0; round < options.rounds; round++) {
    before = await snapshot();
    checks = [];
    deletedMeals = new Set();
    deletedItems = new Set();
    const workers = Array.from({ length: options.workers }, (_, worker) => {
      const r = prng(options.seed * 1_000_003 + round * 101 + worker);
      return (async () => {
        for (let i = 0; i < options.opsPerWorker; i++) {
          const name = r.pick(deck) as string;
          operations[name] = (operations[name] ?? 0) + 1;
          try {
            await ops[name]?.(r);
          } catch (error) {
            if (error instanceof InvariantBroken)
              throw new InvariantBroken(
                `${name} in round ${round} (replay with seed ${options.seed}): ${error.message}`,
              );
            throw new Error(`${name} threw (replay with seed ${options.seed}): ${(error as Error).message}`, {
              cause: error,
            });
          }
        }
      })();
    });
    await Promise.all(workers);
    for (const check of checks) {
      const broken = await check();
      if (broken)
        throw new InvariantBroken(`After round ${round} (replay with seed ${options.seed}): ${broken}`);
    }
    await invariantsHold(round, options.seed);
  }
  return { seed: options.seed, operations, expectedRefusals, races };
}
