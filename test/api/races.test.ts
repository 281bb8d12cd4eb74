import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { foodItems, mealPhotos, meals } from "@/db/schema";
import { handler } from "@/lib/http/route";
import { signUp, type TestUser } from "@/test/app-client";
import { solidJpeg } from "@/test/images";
import { cancelEventRows, expectInvariantsHold } from "@/test/meal-flow";
import { holdMealLocks, onRealPostgres, waitForLockWaiters } from "@/test/meal-locks";
import { seedItem, seedMeal, seedPhoto } from "@/test/seed";

/**
 * Two requests meet on one meal. The test holds the meal's lock, fires them one after the other
 * (each waits for the lock, in arrival order), then lets go: every order is played on purpose.
 */
async function inOrder(meals: string[], requests: (() => Promise<Response>)[]): Promise<Response[]> {
  const lock = await holdMealLocks(meals);
  const answers: Promise<Response>[] = [];
  for (const [index, request] of requests.entries()) {
    answers.push(request());
    await waitForLockWaiters(index + 1);
  }
  await lock.release();
  return Promise.all(answers);
}

/**
 * One request acts while another waits for the lock of its own meal: the waiting one is fired
 * first, held at its meal's lock (each request locks its meals before it inserts its audit row),
 * and let through once the acting one has answered.
 */
async function actsWhileOtherWaits(
  heldMealId: string,
  waiting: () => Promise<Response>,
  acting: () => Promise<Response>,
): Promise<[Response, Response]> {
  const lock = await holdMealLocks([heldMealId]);
  const waited = waiting();
  await waitForLockWaiters(1);
  const acted = await acting();
  await lock.release();
  return [acted, await waited];
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; details?: { reason?: string } } }).error;
}

let alice: TestUser;

describe.skipIf(!onRealPostgres(import.meta.filename))("requests that meet on one meal", () => {
  beforeAll(async () => {
    alice = await signUp("Alice");
  });

  describe.each(["PATCH", "DELETE"] as const)("%s of an item and DELETE of its meal", (method) => {
    const itemRequest = (itemId: string) => () =>
      method === "PATCH"
        ? alice.client.patch(`/api/items/${itemId}`, { grams: 50 })
        : alice.client.delete(`/api/items/${itemId}`);

    it("item first: the item request succeeds, then the meal goes", async () => {
      const meal = await alice.client.createMeal();
      const item = await seedItem(meal.id, null);
      const [itemAnswer, mealAnswer] = await inOrder(
        [meal.id],
        [itemRequest(item.id), () => alice.client.delete(`/api/meals/${meal.id}`)],
      );
      expect(itemAnswer?.status).toBe(method === "PATCH" ? 200 : 204);
      expect(mealAnswer?.status).toBe(204);
      expect(await (await getDb()).select().from(foodItems).where(eq(foodItems.id, item.id))).toEqual([]);
    });

    it("meal first: the meal goes, then the item request answers 404, never 5xx", async () => {
      const meal = await alice.client.createMeal();
      const item = await seedItem(meal.id, null);
      const [mealAnswer, itemAnswer] = await inOrder(
        [meal.id],
        [() => alice.client.delete(`/api/meals/${meal.id}`), itemRequest(item.id)],
      );
      expect(mealAnswer?.status).toBe(204);
      expect(itemAnswer?.status).toBe(404);
      expect(await (await getDb()).select().from(meals).where(eq(meals.id, meal.id))).toEqual([]);
    });
  });

  describe("a repeated clientUploadId", () => {
    it("answers 200 with the same photo when the first took the 10th place", async () => {
      const meal = await alice.client.createMeal();
      for (let i = 0; i < 9; i++) await seedPhoto(alice.id, meal.id, "SUCCESS");
      const file = await solidJpeg(64, 48, { r: 10, g: 200, b: 30 });
      const clientUploadId = randomUUID();
      const upload = () => () => alice.client.upload(meal.id, file, { clientUploadId });
      const [first, repeat] = await inOrder([meal.id], [upload(), upload()]);
      expect(first?.status).toBe(201);
      expect(repeat?.status).toBe(200);
      const [created, repeated] = [await first?.json(), await repeat?.json()] as { photo: { id: string } }[];
      expect(repeated?.photo.id).toBe(created?.photo.id);
      const rows = await (await getDb()).select().from(mealPhotos).where(eq(mealPhotos.mealId, meal.id));
      expect(rows).toHaveLength(10);
    });

    it("two other uploads for the 10th place: the second counts the first's photo after the lock, 409 photo_limit", async () => {
      const meal = await alice.client.createMeal();
      for (let i = 0; i < 9; i++) await seedPhoto(alice.id, meal.id, "SUCCESS");
      const file = await solidJpeg(64, 48, { r: 90, g: 20, b: 160 });
      const upload = () => () => alice.client.upload(meal.id, file);
      const [first, second] = await inOrder([meal.id], [upload(), upload()]);
      expect(first?.status).toBe(201);
      expect(second?.status).toBe(409);
      expect(await errorOf(second as Response)).toMatchObject({ details: { reason: "photo_limit" } });
      const rows = await (await getDb()).select().from(mealPhotos).where(eq(mealPhotos.mealId, meal.id));
      expect(rows).toHaveLength(10);
      await expectInvariantsHold();
    });

    it("answers 200 with the same photo when the meal was cancelled between the two", async () => {
      const meal = await alice.client.createMeal();
      const file = await solidJpeg(64, 48, { r: 200, g: 20, b: 30 });
      const clientUploadId = randomUUID();
      const upload = () => () => alice.client.upload(meal.id, file, { clientUploadId });
      const [first, cancel, repeat] = await inOrder(
        [meal.id],
        [
          upload(),
          () => alice.client.post("/api/ai/cancel", { clientCancelId: randomUUID(), mealId: meal.id }),
          upload(),
        ],
      );
      expect(first?.status).toBe(201);
      expect(await cancel?.json()).toMatchObject({ status: "cancelled", updatedPhotos: 1 });
      expect(repeat?.status).toBe(200);
      const [created, repeated] = [await first?.json(), await repeat?.json()] as {
        photo: { id: string; status: string };
      }[];
      expect(repeated?.photo).toMatchObject({ id: created?.photo.id, status: "CANCELLED" });
      await expectInvariantsHold();
    });
  });

  describe("one clientCancelId sent for two meals at once", () => {
    it.each([
      ["meal A", 0],
      ["meal B", 1],
    ])(
      "the request for %s inserts first: it acts, the other answers 409 and changes nothing",
      async (_, first) => {
        const mealIds = [(await alice.client.createMeal()).id, (await alice.client.createMeal()).id];
        const photos = await Promise.all(mealIds.map((mealId) => seedPhoto(alice.id, mealId, "PENDING")));
        const clientCancelId = randomUUID();
        const cancelMeal = (index: number) => () =>
          alice.client.post("/api/ai/cancel", { clientCancelId, mealId: mealIds[index] });
        const second = 1 - first;
        const [acting, reused] = await actsWhileOtherWaits(
          mealIds[second] as string,
          cancelMeal(second),
          cancelMeal(first),
        );
        expect(await acting?.json()).toMatchObject({
          status: "cancelled",
          duplicate: false,
          mealId: mealIds[first],
        });
        expect(reused?.status).toBe(409);
        expect(await errorOf(reused as Response)).toMatchObject({
          code: "conflict",
          details: { reason: "client_cancel_id_reused" },
        });
        const db = await getDb();
        const statusOf = async (index: number) =>
          (
            await db
              .select()
              .from(mealPhotos)
              .where(eq(mealPhotos.id, photos[index]?.id as string))
          )[0]?.status;
        expect(await statusOf(first)).toBe("CANCELLED");
        expect(await statusOf(second)).toBe("PENDING");
        expect(await cancelEventRows(clientCancelId)).toMatchObject([
          { mealId: mealIds[first], duplicateCount: 0 },
        ]);
      },
    );
  });

  describe("a cancel of a finished meal (one statement) that waited for the meal's lock", () => {
    const completeMeal = async () => {
      const meal = await seedMeal(alice.id, { date: "2026-11-20", status: "COMPLETE" });
      await seedPhoto(alice.id, meal.id, "SUCCESS");
      return meal;
    };
    const cancel = (body: { clientCancelId: string; mealId: string }) => () =>
      alice.client.post("/api/ai/cancel", body);

    it("with its repeat: the first acts, the repeat waits for its commit and replays its answer", async () => {
      const meal = await completeMeal();
      const body = { clientCancelId: randomUUID(), mealId: meal.id };
      const [first, repeat] = await inOrder([meal.id], [cancel(body), cancel(body)]);
      const answer = await first?.json();
      expect(answer).toMatchObject({ status: "already_completed", duplicate: false, mealStatus: "COMPLETE" });
      expect(await repeat?.json()).toEqual({ ...answer, duplicate: true });
      expect(await cancelEventRows(body.clientCancelId)).toMatchObject([
        { id: answer.cancelEventId, mealId: meal.id, noop: true, duplicateCount: 1 },
      ]);
    });

    it("with the same clientCancelId for another finished meal: the second answers 409 and changes nothing", async () => {
      const mealIds = [(await completeMeal()).id, (await completeMeal()).id];
      const clientCancelId = randomUUID();
      const [acting, reused] = await actsWhileOtherWaits(
        mealIds[1] as string,
        cancel({ clientCancelId, mealId: mealIds[1] as string }),
        cancel({ clientCancelId, mealId: mealIds[0] as string }),
      );
      expect(await acting?.json()).toMatchObject({ status: "already_completed", mealId: mealIds[0] });
      expect(await errorOf(reused as Response)).toMatchObject({
        details: { reason: "client_cancel_id_reused" },
      });
      expect(await cancelEventRows(clientCancelId)).toMatchObject([
        { mealId: mealIds[0], duplicateCount: 0 },
      ]);
    });

    it("behind an upload: it acts on what the upload committed (the new photo is cancelled), not on its snapshot", async () => {
      const meal = await completeMeal();
      const file = await solidJpeg(64, 48, { r: 30, g: 60, b: 200 });
      const [upload, cancelled] = await inOrder(
        [meal.id],
        [() => alice.client.upload(meal.id, file), cancel({ clientCancelId: randomUUID(), mealId: meal.id })],
      );
      expect(upload?.status).toBe(201);
      const { photo } = (await (upload as Response).json()) as { photo: { id: string } };
      expect(await cancelled?.json()).toMatchObject({
        status: "cancelled",
        updatedPhotos: 1,
        mealStatus: "COMPLETE",
      });
      const [row] = await (await getDb()).select().from(mealPhotos).where(eq(mealPhotos.id, photo.id));
      expect(row?.status).toBe("CANCELLED");
      await expectInvariantsHold();
    });

    it("ahead of an upload: it answers already_completed, and the upload is refused", async () => {
      const meal = await completeMeal();
      const file = await solidJpeg(64, 48, { r: 90, g: 60, b: 20 });
      const [cancelled, upload] = await inOrder(
        [meal.id],
        [cancel({ clientCancelId: randomUUID(), mealId: meal.id }), () => alice.client.upload(meal.id, file)],
      );
      expect(await cancelled?.json()).toMatchObject({ status: "already_completed", mealStatus: "COMPLETE" });
      expect(upload?.status).toBe(409);
      expect(await errorOf(upload as Response)).toMatchObject({ details: { reason: "meal_cancelled" } });
      await expectInvariantsHold();
    });
  });

  it("a deadlock that reaches a route answers 409, never 500", async () => {
    const mealIds = [(await alice.client.createMeal()).id, (await alice.client.createMeal()).id];
    const db = await getDb();
    // Two transactions lock the two meals in opposite orders, each waiting for the other's first
    // lock: Postgres aborts one of them (40P01). Nothing retries here: the wrapper maps the error.
    let arrived = 0;
    let bothLocked: () => void = () => {};
    const barrier = new Promise<void>((resolve) => {
      bothLocked = resolve;
    });
    const lockBoth = (order: string[]) =>
      db.transaction(async (tx) => {
        await tx
          .select()
          .from(meals)
          .where(eq(meals.id, order[0] as string))
          .for("update");
        if (++arrived === 2) bothLocked();
        await barrier;
        await tx
          .select()
          .from(meals)
          .where(eq(meals.id, order[1] as string))
          .for("update");
      });
    const route = handler("public", async () => {
      const results = await Promise.allSettled([lockBoth(mealIds), lockBoth([...mealIds].reverse())]);
      for (const result of results) if (result.status === "rejected") throw result.reason;
      return new Response(null, { status: 204 });
    });
    const response = await route(new Request("http://localhost:3000/api/test", { method: "POST" }), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(409);
    expect(await errorOf(response)).toMatchObject({
      code: "conflict",
      details: { reason: "concurrent_change" },
    });
  });
});
