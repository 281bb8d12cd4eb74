import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestUser } from "@/test/app-client";
import { solidJpeg } from "@/test/images";
import { eventually, jobs, settledRecognition, startJobs } from "@/test/jobs";
import {
  cancel,
  cancelEventRows,
  diaryMeals,
  expectInvariantsHold,
  itemsOfPhoto,
  mealView,
  operationEvents,
  uploadPhoto,
} from "@/test/meal-flow";
import { releaseSaveGate, waitAtSaveGate } from "@/test/save-gate";
import { seedPhoto } from "@/test/seed";

// Every save step of this file waits at a gate the test opens: the test decides what finishes first.
process.env.RECOGNITION_SAVE_GATE_DIR = mkdtempSync(path.join(os.tmpdir(), "mealsnap-gate-"));

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  [alice, bob] = await Promise.all([signUp("Alice"), signUp("Bob")]);
  await startJobs();
});

/** Lets a gated photo finish recognition and waits for its run to settle. */
async function finishRecognition(photoId: string, attempt = 1) {
  await waitAtSaveGate(photoId, attempt);
  await releaseSaveGate(photoId, attempt);
  return settledRecognition(photoId, attempt);
}

describe("POST /api/ai/cancel: validation and access", () => {
  it("answers 401 without a session", async () => {
    const anonymous = new (await import("@/test/app-client")).AppClient();
    expect((await anonymous.post("/api/ai/cancel", { clientCancelId: randomUUID() })).status).toBe(401);
  });

  it.each([
    [{}, "clientCancelId"],
    [{ clientCancelId: "123" }, "clientCancelId"],
    [{ clientCancelId: randomUUID(), mealId: 42 }, "mealId"],
    [{ clientCancelId: randomUUID(), reason: "bored" }, "reason"],
    [{ clientCancelId: randomUUID(), reason: "meal_deleted" }, "reason"],
    [{ clientCancelId: randomUUID(), photoIds: Array.from({ length: 11 }, () => randomUUID()) }, "photoIds"],
    [{ clientCancelId: randomUUID(), photoIds: ["nope"] }, "photoIds.0"],
    [{ clientCancelId: randomUUID(), photoIds: "all" }, "photoIds"],
  ])("answers 400 naming the field for %j and records nothing", async (body, field) => {
    const response = await alice.client.post("/api/ai/cancel", body);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { code: string; details: { fields: { path: string }[] } };
    };
    expect(error.code).toBe("validation_failed");
    expect(error.details.fields.map((f) => f.path)).toContain(field);
    const id = (body as { clientCancelId?: string }).clientCancelId;
    if (id && id.length === 36) expect(await cancelEventRows(id)).toEqual([]);
  });
});

describe("POST /api/ai/cancel: what it cancels", () => {
  it("records a noop cancel when nothing is in flight", async () => {
    const clientCancelId = randomUUID();
    const answer = await cancel(alice, { clientCancelId, reason: "navigation" });
    expect(answer).toMatchObject({
      status: "noop",
      duplicate: false,
      cancelledTasks: 0,
      updatedPhotos: 0,
      mealId: null,
    });
    const [row] = await cancelEventRows(clientCancelId);
    expect(row).toMatchObject({ noop: true, reason: "navigation", mealId: null, duplicateCount: 0 });
    expect(row?.payload).toMatchObject({ clientCancelId, reason: "navigation" });
  });

  it("cancels one named photo and leaves the others running", async () => {
    const meal = await alice.client.createMeal();
    const first = await uploadPhoto(alice, meal.id);
    const second = await uploadPhoto(alice, meal.id);
    await waitAtSaveGate(first);
    const answer = await cancel(alice, { mealId: meal.id, photoIds: [first] });
    expect(answer).toMatchObject({
      status: "cancelled",
      cancelledTasks: 1,
      updatedPhotos: 1,
      mealId: meal.id,
      mealStatus: "PROCESSING",
    });
    await releaseSaveGate(first);
    expect((await settledRecognition(first)).status).toBe("Cancelled");
    expect((await finishRecognition(second)).status).toBe("Completed");
    const view = await mealView(alice, meal.id);
    expect(Object.fromEntries(view.photos.map((p) => [p.id, p.status]))).toEqual({
      [first]: "CANCELLED",
      [second]: "SUCCESS",
    });
    expect(view.meal.status).toBe("COMPLETE");
    expect(await itemsOfPhoto(first)).toEqual([]);
    await expectInvariantsHold();
  });

  it("cancels every in-flight photo of the meal, signals their runs, and leaves terminal photos untouched", async () => {
    const meal = await alice.client.createMeal();
    const done = await uploadPhoto(alice, meal.id);
    await finishRecognition(done);
    const itemsBefore = await itemsOfPhoto(done);
    expect(itemsBefore.length).toBeGreaterThan(0);
    const inFlight = [await uploadPhoto(alice, meal.id), await uploadPhoto(alice, meal.id)];
    await Promise.all(inFlight.map((photoId) => waitAtSaveGate(photoId)));

    const answer = await cancel(alice, { mealId: meal.id });
    expect(answer).toMatchObject({
      status: "cancelled",
      cancelledTasks: 2,
      updatedPhotos: 2,
      mealStatus: "COMPLETE",
    });
    for (const photoId of inFlight) {
      await releaseSaveGate(photoId);
      const run = await settledRecognition(photoId);
      expect(run.status).toBe("Cancelled");
      expect(await itemsOfPhoto(photoId)).toEqual([]);
    }
    const view = await mealView(alice, meal.id);
    expect(view.photos.find((p) => p.id === done)?.status).toBe("SUCCESS");
    expect(await itemsOfPhoto(done)).toEqual(itemsBefore);
    await expectInvariantsHold();
  });

  it("answers already_completed when everything it names had finished, and changes nothing", async () => {
    const meal = await alice.client.createMeal();
    const photoId = await uploadPhoto(alice, meal.id);
    await finishRecognition(photoId);
    const before = await mealView(alice, meal.id);
    const answer = await cancel(alice, { mealId: meal.id });
    expect(answer).toMatchObject({
      status: "already_completed",
      cancelledTasks: 0,
      updatedPhotos: 0,
      mealStatus: "COMPLETE",
    });
    expect(await mealView(alice, meal.id)).toEqual(before);
    const [row] = await cancelEventRows(answer.clientCancelId);
    expect(row).toMatchObject({ noop: true, mealId: meal.id });
  });

  it("never touches another user's photos and does not reveal their meal", async () => {
    const meal = await alice.client.createMeal();
    const photoId = await uploadPhoto(alice, meal.id);
    await waitAtSaveGate(photoId);
    const byMeal = await cancel(bob, { mealId: meal.id });
    const byPhoto = await cancel(bob, { photoIds: [photoId] });
    const missing = await cancel(bob, { mealId: randomUUID() });
    for (const answer of [byMeal, byPhoto, missing]) {
      expect(answer).toMatchObject({ status: "noop", mealId: null, mealStatus: null, updatedPhotos: 0 });
    }
    expect((await cancelEventRows(byMeal.clientCancelId))[0]).toMatchObject({
      mealId: null,
      payload: { mealId: meal.id },
    });
    expect((await mealView(alice, meal.id)).photos[0]?.status).toBe("PROCESSING");
    expect((await finishRecognition(photoId)).output).toMatchObject({ saved: true });
  });

  it("keeps the audit row of a cancel naming a deleted meal: 200, null meal, the id in the payload", async () => {
    const meal = await alice.client.createMeal();
    expect((await alice.client.delete(`/api/meals/${meal.id}`)).status).toBe(204);
    const answer = await cancel(alice, { mealId: meal.id, reason: "cleanup" });
    expect(answer).toMatchObject({ status: "noop", mealId: null });
    const [row] = await cancelEventRows(answer.clientCancelId);
    expect(row).toMatchObject({ mealId: null, noop: true, payload: { mealId: meal.id, reason: "cleanup" } });
  });

  it("records the meal of a cancel made mid-processing", async () => {
    const meal = await alice.client.createMeal();
    const photoId = await uploadPhoto(alice, meal.id);
    await waitAtSaveGate(photoId);
    const answer = await cancel(alice, { mealId: meal.id });
    expect((await cancelEventRows(answer.clientCancelId))[0]).toMatchObject({
      mealId: meal.id,
      noop: false,
      updatedPhotos: 1,
    });
    await releaseSaveGate(photoId);
    await settledRecognition(photoId);
  });

  it("refuses any later upload into a meal the user cancelled (a late or aborted upload), 409 meal_cancelled", async () => {
    const meal = await alice.client.createMeal();
    // Scenario B's race: Cancel pressed before the uploads reached the server.
    expect((await cancel(alice, { mealId: meal.id })).status).toBe("noop");
    const late = await alice.client.upload(meal.id, await solidJpeg(200, 150));
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { details: unknown } }).error.details).toEqual({
      reason: "meal_cancelled",
    });
    expect((await mealView(alice, meal.id)).photos).toEqual([]);
    await expectInvariantsHold();

    // Cancelling single photos leaves the meal open to uploads.
    const other = await alice.client.createMeal();
    const first = await uploadPhoto(alice, other.id);
    await waitAtSaveGate(first);
    await cancel(alice, { mealId: other.id, photoIds: [first] });
    const second = await uploadPhoto(alice, other.id);
    await releaseSaveGate(first);
    await finishRecognition(second);
    expect((await mealView(alice, other.id)).meal.status).toBe("COMPLETE");
  });
});

describe("duplicates", () => {
  it("makes one row of a repeated clientCancelId and replays the first answer", async () => {
    const meal = await alice.client.createMeal();
    const photoId = await uploadPhoto(alice, meal.id);
    await waitAtSaveGate(photoId);
    const clientCancelId = randomUUID();
    const first = await cancel(alice, { clientCancelId, mealId: meal.id });
    const again = await cancel(alice, { clientCancelId, mealId: meal.id });
    expect(first).toMatchObject({ status: "cancelled", duplicate: false, updatedPhotos: 1 });
    expect(again).toEqual({ ...first, duplicate: true });
    const rows = await cancelEventRows(clientCancelId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.duplicateCount).toBe(1);
    await releaseSaveGate(photoId);
    await settledRecognition(photoId);
  });

  it("refuses a clientCancelId reused for another meal or other photos, and changes nothing", async () => {
    const [mealA, mealB] = [await alice.client.createMeal(), await alice.client.createMeal()];
    const [photoA, photoB] = [
      await seedPhoto(alice.id, mealA.id, "PENDING"),
      await seedPhoto(alice.id, mealB.id, "PENDING"),
    ];
    const clientCancelId = randomUUID();
    const first = await cancel(alice, { clientCancelId, mealId: mealA.id });
    expect(first).toMatchObject({ status: "cancelled", mealId: mealA.id });

    for (const otherTargets of [
      { mealId: mealB.id },
      { photoIds: [photoA.id] },
      { mealId: mealA.id, photoIds: [photoA.id] },
    ]) {
      const response = await alice.client.post("/api/ai/cancel", { clientCancelId, ...otherTargets });
      expect(response.status).toBe(409);
      const { error } = (await response.json()) as { error: { code: string; details: { reason: string } } };
      expect(error).toMatchObject({ code: "conflict", details: { reason: "client_cancel_id_reused" } });
    }
    expect((await mealView(alice, mealB.id)).photos.find((photo) => photo.id === photoB.id)?.status).toBe(
      "PENDING",
    );
    expect(await cancelEventRows(clientCancelId)).toMatchObject([{ mealId: mealA.id, duplicateCount: 0 }]);

    // The same targets with another reason is still the same cancel.
    expect(await cancel(alice, { clientCancelId, mealId: mealA.id, reason: "navigation" })).toEqual({
      ...first,
      duplicate: true,
    });
  });

  it("replays a clientCancelId naming the same photos in another order", async () => {
    const meal = await alice.client.createMeal();
    const photoIds = [
      (await seedPhoto(alice.id, meal.id, "PENDING")).id,
      (await seedPhoto(alice.id, meal.id, "PENDING")).id,
    ];
    const clientCancelId = randomUUID();
    const first = await cancel(alice, { clientCancelId, photoIds });
    expect(first).toMatchObject({ status: "cancelled", updatedPhotos: 2 });
    expect(await cancel(alice, { clientCancelId, photoIds: [...photoIds].reverse() })).toEqual({
      ...first,
      duplicate: true,
    });
  });

  it("acts once for 100 concurrent requests with one clientCancelId", async () => {
    const meal = await alice.client.createMeal();
    const photoIds = [await uploadPhoto(alice, meal.id), await uploadPhoto(alice, meal.id)];
    await Promise.all(photoIds.map((photoId) => waitAtSaveGate(photoId)));
    const clientCancelId = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => cancel(alice, { clientCancelId, mealId: meal.id })),
    );
    const originals = answers.filter((answer) => !answer.duplicate);
    expect(originals).toHaveLength(1);
    const [original] = originals;
    expect(original).toMatchObject({ status: "cancelled", updatedPhotos: 2, cancelledTasks: 2 });
    for (const answer of answers) expect({ ...answer, duplicate: false }).toEqual(original);
    const rows = await cancelEventRows(clientCancelId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ duplicateCount: 99, updatedPhotos: 2 });
    for (const photoId of photoIds) {
      await releaseSaveGate(photoId);
      expect((await settledRecognition(photoId)).status).toBe("Cancelled");
    }
    await expectInvariantsHold();
  });
});

describe("scenarios of DESIGN §8 through the API and the jobs", () => {
  it("A: three photos, the first succeeds, Cancel → the diary shows the meal with one photo", async () => {
    const meal = await alice.client.createMeal({ date: "2026-10-01" });
    const [first, second, third] = [
      await uploadPhoto(alice, meal.id),
      await uploadPhoto(alice, meal.id),
      await uploadPhoto(alice, meal.id),
    ] as [string, string, string];
    await finishRecognition(first);
    const answer = await cancel(alice, { mealId: meal.id });
    expect(answer).toMatchObject({ status: "cancelled", updatedPhotos: 2, mealStatus: "COMPLETE" });
    for (const photoId of [second, third]) {
      await releaseSaveGate(photoId);
    }
    const meals = await diaryMeals(alice, "2026-10-01");
    expect(meals.map((m) => m.id)).toEqual([meal.id]);
    expect(meals[0]?.photos.map((p) => p.id)).toEqual([first]);
    expect(meals[0]?.items.every((item) => item.photoId === first)).toBe(true);
    await expectInvariantsHold();
  });

  it("B: two photos, Cancel at once → the meal is not in the diary", async () => {
    const meal = await alice.client.createMeal({ date: "2026-10-02" });
    const photoIds = [await uploadPhoto(alice, meal.id), await uploadPhoto(alice, meal.id)];
    const answer = await cancel(alice, { mealId: meal.id });
    expect(answer).toMatchObject({ status: "cancelled", updatedPhotos: 2, mealStatus: "FAILED" });
    for (const photoId of photoIds) await releaseSaveGate(photoId);
    for (const photoId of photoIds) expect((await settledRecognition(photoId)).status).not.toBe("Failed");
    expect(await diaryMeals(alice, "2026-10-02")).toEqual([]);
    for (const photoId of photoIds) expect(await itemsOfPhoto(photoId)).toEqual([]);
    await expectInvariantsHold();
  });

  it("C: Cancel, then retry a cancelled photo → it succeeds and the meal shows it", async () => {
    const meal = await alice.client.createMeal({ date: "2026-10-03" });
    const photoId = await uploadPhoto(alice, meal.id);
    await waitAtSaveGate(photoId);
    expect((await cancel(alice, { mealId: meal.id })).mealStatus).toBe("FAILED");
    await releaseSaveGate(photoId);
    await settledRecognition(photoId);

    const retry = await alice.client.post(`/api/meals/${meal.id}/photos/${photoId}/retry`);
    expect(retry.status).toBe(202);
    expect((await mealView(alice, meal.id)).meal.status).toBe("PROCESSING");
    expect((await finishRecognition(photoId, 2)).output).toMatchObject({ saved: true });
    const meals = await diaryMeals(alice, "2026-10-03");
    expect(meals[0]?.photos.map((p) => p.id)).toEqual([photoId]);
    await expectInvariantsHold();
  });

  it("D: Cancel while the photo is PROCESSING, the job finishes late → discarded, no items, not in the diary", async () => {
    const meal = await alice.client.createMeal({ date: "2026-10-04" });
    const photoId = await uploadPhoto(alice, meal.id);
    await waitAtSaveGate(photoId);
    expect((await mealView(alice, meal.id)).photos[0]?.status).toBe("PROCESSING");
    await cancel(alice, { mealId: meal.id });
    await releaseSaveGate(photoId);
    const run = await settledRecognition(photoId);
    expect(run.status).toBe("Cancelled");
    // The save step did run (the cancel could not stop it mid-step) and its race guard discarded.
    // The run is marked Cancelled as soon as the cancel arrives; the step finishes right after.
    await eventually(async () => (await operationEvents("race_guard_discard", photoId)).length === 1);
    expect(await itemsOfPhoto(photoId)).toEqual([]);
    expect(await diaryMeals(alice, "2026-10-04")).toEqual([]);
    await expectInvariantsHold();
  });
});

describe("the race between Cancel and the save step", () => {
  const rounds = process.env.TEST_POSTGRES_URL ? 200 : 20;
  it(`keeps invariants 1, 3 and 5 over ${rounds} rounds`, async () => {
    let cancelledFirst = 0;
    let savedFirst = 0;
    for (let round = 0; round < rounds; round++) {
      const meal = await alice.client.createMeal();
      const photoId = await uploadPhoto(alice, meal.id);
      await waitAtSaveGate(photoId);
      const clientCancelId = randomUUID();
      const [answer] = await Promise.all([
        cancel(alice, { clientCancelId, photoIds: [photoId] }),
        releaseSaveGate(photoId),
      ]);
      await settledRecognition(photoId);
      const photo = (await mealView(alice, meal.id)).photos.find((p) => p.id === photoId);
      const items = await itemsOfPhoto(photoId);
      if (answer.status === "cancelled") {
        cancelledFirst += 1;
        expect(photo?.status).toBe("CANCELLED");
        expect(items).toEqual([]);
      } else {
        savedFirst += 1;
        expect(answer.status).toBe("already_completed");
        expect(photo?.status).toBe("SUCCESS");
        expect(items.length).toBeGreaterThan(0);
      }
      expect(await cancelEventRows(clientCancelId)).toHaveLength(1);
      await expectInvariantsHold();
    }
    expect(cancelledFirst + savedFirst).toBe(rounds);
  }, 600_000);
});

describe("DELETE /api/meals/:id", () => {
  it("cancels the meal's running jobs with an audit row that survives the meal", async () => {
    const meal = await alice.client.createMeal();
    const photoId = await uploadPhoto(alice, meal.id);
    await waitAtSaveGate(photoId);
    expect((await alice.client.delete(`/api/meals/${meal.id}`)).status).toBe(204);
    await releaseSaveGate(photoId);
    const run = await settledRecognition(photoId);
    expect(run.status).toBe("Cancelled");
    const db = await (await import("@/db/client")).getDb();
    const { cancelEvents } = await import("@/db/schema");
    const { sql } = await import("drizzle-orm");
    const rows = await db
      .select()
      .from(cancelEvents)
      .where(sql`${cancelEvents.payload} ->> 'mealId' = ${meal.id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason: "meal_deleted", mealId: null, noop: false, updatedPhotos: 1 });
    expect(
      jobs()
        .listRuns(500)
        .some((r) => r.status === "Failed"),
    ).toBe(false);
  });
});
