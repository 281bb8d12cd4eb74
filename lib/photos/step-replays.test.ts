import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countStatements, getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { signUp, type TestUser } from "@/test/app-client";
import { settledRecognition, startJobs } from "@/test/jobs";
import { itemsOfPhoto, mealView, operationEvents, uploadPhoto } from "@/test/meal-flow";
import { failRecognition } from "./fail-recognition";
import { recognizeStoredPhoto } from "./recognize-stored-photo";
import { saveRecognition } from "./save-recognition";
import { startRecognition } from "./start-recognition";
import { sweepStuckPhotos } from "./sweep-stuck-photos";

/**
 * Steps are delivered at least once: each is called twice for one attempt, the second time after
 * the first committed, and answers the same without a second effect. A step that fails for good
 * ends the photo FAILED with its real error code.
 */

let user: TestUser;

beforeAll(async () => {
  user = await signUp();
});

const processingStartedAt = async (photoId: string) => {
  const db = await getDb();
  const [row] = rowsOf<{ at: string | null }>(
    await db.execute(sql`select processing_started_at::text as at from meal_photos where id = ${photoId}`),
  );
  return row?.at;
};

const photoRow = async (photoId: string) => {
  const db = await getDb();
  const [row] = rowsOf<{ status: string; attempt: number; error_code: string | null }>(
    await db.execute(sql`select status, attempt, error_code from meal_photos where id = ${photoId}`),
  );
  return row;
};

// Before the app's functions are synced: the photos' events reach the executor and start
// nothing, so this describe drives every step by hand.
describe("each step replayed after its commit, for one attempt", () => {
  it("recognize starts the attempt once and answers the same, save answers saved once, fail changes nothing", async () => {
    const meal = await user.client.createMeal();
    const photoId = await uploadPhoto(user, meal.id);

    const started = await startRecognition(photoId, 1);
    expect(started).toMatchObject({ storageKey: expect.stringContaining(photoId), mime: "image/jpeg" });
    expect(await photoRow(photoId)).toMatchObject({ status: "PROCESSING", attempt: 1 });
    const startedAt = await processingStartedAt(photoId);
    expect(await startRecognition(photoId, 1)).toEqual(started);
    expect(await processingStartedAt(photoId)).toEqual(startedAt);

    const recognized = await recognizeStoredPhoto(photoId, 1);
    const replayed = await countStatements(() => recognizeStoredPhoto(photoId, 1));
    expect(replayed.result).toEqual(recognized);
    // The attempt's start is the step's one statement (its names' matches are known by now).
    expect(replayed.statements).toBe(1);
    if (!("items" in recognized)) throw new Error(`recognition skipped: ${recognized.skipped}`);

    const { result: saved, statements } = await countStatements(() =>
      saveRecognition(photoId, 1, recognized.items),
    );
    // The meal's lock, the photo's, the items with the photo's SUCCESS, the finalisation.
    expect(statements).toBe(4);
    expect(saved).toMatchObject({ saved: true, items: recognized.items.length, mealStatus: "COMPLETE" });
    expect(await saveRecognition(photoId, 1, recognized.items)).toEqual(saved);
    expect(await itemsOfPhoto(photoId)).toHaveLength(recognized.items.length);
    expect(await operationEvents("race_guard_discard", photoId)).toEqual([]);

    expect(await failRecognition(photoId, 1, { code: "late", message: "a late failure" })).toMatchObject({
      failed: false,
    });
    expect(await photoRow(photoId)).toMatchObject({ status: "SUCCESS", error_code: null });
    expect((await mealView(user, meal.id)).meal.status).toBe("COMPLETE");
  });

  it("save with no items ends the photo SUCCESS with none", async () => {
    const meal = await user.client.createMeal();
    const photoId = await uploadPhoto(user, meal.id);
    await startRecognition(photoId, 1);
    expect(await saveRecognition(photoId, 1, [])).toMatchObject({ saved: true, items: 0 });
    expect(await photoRow(photoId)).toMatchObject({ status: "SUCCESS" });
    expect(await itemsOfPhoto(photoId)).toEqual([]);
  });

  it("a stale attempt's steps are superseded: nothing written, no race-guard record", async () => {
    const meal = await user.client.createMeal();
    const photoId = await uploadPhoto(user, meal.id);
    expect(await startRecognition(photoId, 1)).toHaveProperty("storageKey");
    // Its run presumed gone, the photo gets attempt 2 (only this photo is in flight here).
    expect((await sweepStuckPhotos(0)).recovered).toBe(1);
    expect(await photoRow(photoId)).toMatchObject({ status: "PENDING", attempt: 2 });

    expect(await startRecognition(photoId, 1)).toEqual({ skipped: "superseded:1->2" });
    expect(await recognizeStoredPhoto(photoId, 1)).toEqual({ skipped: "superseded:1->2" });
    expect(await saveRecognition(photoId, 1, [])).toEqual({ skipped: "superseded:1->2" });
    expect(await operationEvents("race_guard_discard", photoId)).toEqual([]);
    expect(await photoRow(photoId)).toMatchObject({ status: "PENDING", attempt: 2 });
    expect(await failRecognition(photoId, 2, { code: "test", message: "end" })).toMatchObject({
      failed: true,
    });
  });
});

describe("a step that exhausts its retries", () => {
  beforeAll(async () => {
    await startJobs();
    // A real database refusal, scoped to the meals named in step_faults.
    const db = await getDb();
    await db.execute(sql`create table step_faults (meal_id uuid primary key, refused_status text not null)`);
    await db.execute(sql`create function refuse_step() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from step_faults f where f.meal_id = new.meal_id and f.refused_status = new.status::text)
        then raise exception 'the database refused the write';
        end if;
        return new;
      end $$`);
    await db.execute(sql`create trigger refuse_step before update on meal_photos
      for each row execute function refuse_step()`);
  });

  it.each([
    ["recognize's start", "PROCESSING", "start_failed"],
    ["save", "SUCCESS", "save_failed"],
  ])("ends the photo FAILED with its real error when %s keeps failing", async (_step, refused, code) => {
    const meal = await user.client.createMeal();
    const db = await getDb();
    await db.execute(sql`insert into step_faults values (${meal.id}, ${refused})`);
    const photoId = await uploadPhoto(user, meal.id);
    const run = await settledRecognition(photoId);
    expect(run.status).toBe("Completed");
    expect(run.output).toMatchObject({ failed: true, mealStatus: "FAILED" });
    expect(await photoRow(photoId)).toMatchObject({ status: "FAILED", error_code: code });
    expect(await itemsOfPhoto(photoId)).toEqual([]);
  });
});
