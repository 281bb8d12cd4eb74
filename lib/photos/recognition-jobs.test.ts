import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { mealPhotos, meals } from "@/db/schema";
import { inngest } from "@/lib/jobs/client";
import { photoUploaded } from "@/lib/jobs/events";
import { cleanUpEmptyMeals } from "@/lib/meals/clean-up-empty-meals";
import { signUp, type TestUser } from "@/test/app-client";
import { eventually, jobs, settledRecognition, startJobs } from "@/test/jobs";
import {
  itemsOfPhoto,
  operationEvents,
  type PhotoView,
  uploadPhoto as upload,
  mealView as viewMeal,
} from "@/test/meal-flow";
import { releaseSaveGate, waitAtSaveGate } from "@/test/save-gate";
import { saveRecognition } from "./save-recognition";
import { sweepStuckPhotos } from "./sweep-stuck-photos";

// Every save step of this file waits at a gate the test opens (lib/photos/save-gate.ts).
process.env.RECOGNITION_SAVE_GATE_DIR = mkdtempSync(path.join(os.tmpdir(), "mealsnap-gate-"));

let user: TestUser;

beforeAll(async () => {
  user = await signUp();
  await startJobs();
});

const mealView = (mealId: string) => viewMeal(user, mealId);
const uploadPhoto = (mealId: string) => upload(user, mealId);

describe("recognize-photo", () => {
  it("turns three uploaded photos into items: every photo SUCCESS, the meal COMPLETE, the diary totals", async () => {
    const meal = await user.client.createMeal({ date: "2026-11-10" });
    const photoIds = [];
    for (let i = 0; i < 3; i++) photoIds.push(await uploadPhoto(meal.id));
    for (const photoId of photoIds) {
      await waitAtSaveGate(photoId);
      await releaseSaveGate(photoId);
      expect((await settledRecognition(photoId)).status).toBe("Completed");
    }
    const view = await mealView(meal.id);
    expect(view.meal.status).toBe("COMPLETE");
    expect(view.photos.map((photo) => photo.status)).toEqual(["SUCCESS", "SUCCESS", "SUCCESS"]);
    for (const photoId of photoIds) expect((await itemsOfPhoto(photoId)).length).toBeGreaterThan(0);

    const diary = (await (await user.client.get("/api/meals?date=2026-11-10")).json()) as {
      meals: { id: string; photos: unknown[] }[];
      totals: { kcal: number };
    };
    expect(diary.meals.map((m) => m.id)).toEqual([meal.id]);
    expect(diary.meals[0]?.photos).toHaveLength(3);
    expect(diary.totals.kcal).toBe(view.totals.kcal);
    expect(diary.totals.kcal).toBeGreaterThan(0);
  });

  it("fences a stale attempt: only the newest attempt attaches items, the old one is superseded", async () => {
    const meal = await user.client.createMeal();
    const photoId = await uploadPhoto(meal.id);
    await waitAtSaveGate(photoId, 1);

    // Attempt 1 is about to save when the sweeper fails it (no recoveries) and the user retries.
    expect((await sweepStuckPhotos(0, 0)).failedPhotos).toBeGreaterThanOrEqual(1);
    const retry = await user.client.post(`/api/meals/${meal.id}/photos/${photoId}/retry`);
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as { photo: PhotoView }).photo).toMatchObject({
      status: "PENDING",
      attempt: 2,
    });

    await waitAtSaveGate(photoId, 2);
    await releaseSaveGate(photoId, 2);
    const second = await settledRecognition(photoId, 2);
    expect(second.output).toMatchObject({ saved: true });
    const itemsAfterSecond = await itemsOfPhoto(photoId);

    await releaseSaveGate(photoId, 1);
    // The sweeper cancelled attempt 1's run; its save, already under way, is superseded.
    expect((await settledRecognition(photoId, 1)).status).toBe("Cancelled");
    expect(await saveRecognition(photoId, 1, [])).toEqual({ skipped: "superseded:1->2" });
    expect(await itemsOfPhoto(photoId)).toEqual(itemsAfterSecond);
    expect(await operationEvents("race_guard_discard", photoId)).toEqual([]);
    const view = await mealView(meal.id);
    expect(view.photos[0]).toMatchObject({ status: "SUCCESS", attempt: 2 });
    expect(view.meal.status).toBe("COMPLETE");
  });

  it("skips gracefully when the meal was deleted before the job ran", async () => {
    const meal = await user.client.createMeal();
    const photoId = await uploadPhoto(meal.id);
    await waitAtSaveGate(photoId);
    expect((await user.client.delete(`/api/meals/${meal.id}`)).status).toBe(204);
    await releaseSaveGate(photoId);
    // Deleting the meal cancelled the run; the save step that was under way found nothing to save.
    const run = await settledRecognition(photoId);
    expect(run.status).toBe("Cancelled");
    expect(run.error).toBeNull();

    // A job whose photo is gone before it starts: skipped at `start`, no error, no retries.
    const { ids } = await inngest.send(
      photoUploaded.create({ photoId, mealId: meal.id, userId: user.id, attempt: 5 }),
    );
    const lateRun = await eventually(() => jobs().runsForEvent(ids[0] as string)[0]);
    const settled = await jobs().waitForRun(lateRun.run_id);
    expect(settled.status).toBe("Completed");
    expect(settled.output).toEqual({ skipped: "photo_gone" });
  });

  it("fails a stuck photo through the sweeper, cancels its run and finalises its meal; retry reopens the FAILED meal", async () => {
    const meal = await user.client.createMeal();
    const photoId = await uploadPhoto(meal.id);
    await waitAtSaveGate(photoId);
    const swept = await sweepStuckPhotos(0, 0);
    expect(swept.failedPhotos).toBeGreaterThanOrEqual(1);
    let view = await mealView(meal.id);
    expect(view.photos[0]).toMatchObject({ status: "FAILED", error: { code: "timeout" } });
    expect(view.meal.status).toBe("FAILED");
    expect((await settledRecognition(photoId)).status).toBe("Cancelled");
    await releaseSaveGate(photoId);
    // The save under way when the run was cancelled meets the guard: a real discard.
    await eventually(async () => (await operationEvents("race_guard_discard", photoId)).length === 1);
    expect(await itemsOfPhoto(photoId)).toEqual([]);

    const retry = await user.client.post(`/api/meals/${meal.id}/photos/${photoId}/retry`);
    expect(retry.status).toBe(202);
    expect((await mealView(meal.id)).meal.status).toBe("PROCESSING");
    await waitAtSaveGate(photoId, 2);
    await releaseSaveGate(photoId, 2);
    await settledRecognition(photoId, 2);
    view = await mealView(meal.id);
    expect(view.meal.status).toBe("COMPLETE");
    expect(view.photos[0]).toMatchObject({ status: "SUCCESS", attempt: 2, error: null });
  });

  it("answers 409 to a retry of a photo that is not FAILED or CANCELLED, 404 to another user", async () => {
    const meal = await user.client.createMeal();
    const photoId = await uploadPhoto(meal.id);
    const retry = await user.client.post(`/api/meals/${meal.id}/photos/${photoId}/retry`);
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { error: { code: string } }).error.code).toBe("conflict");
    const stranger = await signUp();
    expect((await stranger.client.post(`/api/meals/${meal.id}/photos/${photoId}/retry`)).status).toBe(404);
    await waitAtSaveGate(photoId);
    await releaseSaveGate(photoId);
    await settledRecognition(photoId);
  });

  it("lets exactly one of two concurrent retries of one photo through", async () => {
    const meal = await user.client.createMeal();
    const photoId = await uploadPhoto(meal.id);
    await waitAtSaveGate(photoId);
    await sweepStuckPhotos(0, 0);
    const retries = await Promise.all([
      user.client.post(`/api/meals/${meal.id}/photos/${photoId}/retry`),
      user.client.post(`/api/meals/${meal.id}/photos/${photoId}/retry`),
    ]);
    expect(retries.map((response) => response.status).sort()).toEqual([202, 409]);
    const db = await getDb();
    const [row] = await db.select().from(mealPhotos).where(eq(mealPhotos.id, photoId));
    expect(row?.attempt).toBe(2);
    await releaseSaveGate(photoId, 1);
    await waitAtSaveGate(photoId, 2);
    await releaseSaveGate(photoId, 2);
    await settledRecognition(photoId, 2);
  });
});

describe("empty meals", () => {
  it("are removed by the backend after their age limit, meals with photos are kept", async () => {
    const empty = await user.client.createMeal();
    const withPhoto = await user.client.createMeal();
    const photoId = await uploadPhoto(withPhoto.id);
    expect(await cleanUpEmptyMeals(3600)).toBe(0);
    expect(await cleanUpEmptyMeals(0)).toBeGreaterThanOrEqual(1);
    const db = await getDb();
    expect(await db.select().from(meals).where(eq(meals.id, empty.id))).toEqual([]);
    expect(await db.select().from(meals).where(eq(meals.id, withPhoto.id))).toHaveLength(1);
    await waitAtSaveGate(photoId);
    await releaseSaveGate(photoId);
    await settledRecognition(photoId);
  });
});
