import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countStatements, getDb } from "@/db/client";
import { cancelEvents, foodItems, mealPhotos, meals } from "@/db/schema";
import { AppClient, signUp, type TestUser } from "@/test/app-client";
import { solidJpeg } from "@/test/images";
import { seedItem, seedMeal, seedPhoto } from "@/test/seed";

const DATE = "2026-11-20";

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await signUp("Alice");
  bob = await signUp("Bob");
});

async function body<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

describe("authentication", () => {
  it("answers 401 with the error shape to a request without a session", async () => {
    const anonymous = new AppClient();
    for (const [method, path] of [
      ["GET", `/api/meals?date=${DATE}`],
      ["POST", "/api/meals"],
      ["GET", `/api/meals/${randomUUID()}`],
      ["GET", `/api/photos/${randomUUID()}`],
      ["GET", "/api/goals"],
    ] as const) {
      const response = await anonymous.request(method, path);
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(await body(response)).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    }
  });

  it("answers 401 to a forged session cookie", async () => {
    const forged = new AppClient();
    forged.cookie = "better-auth.session_token=forged.value";
    expect((await forged.get(`/api/meals?date=${DATE}`)).status).toBe(401);
  });
});

describe("POST /api/meals", () => {
  it("creates a meal, and the same clientRequestId again answers 200 with the same meal", async () => {
    const clientRequestId = randomUUID();
    const first = await alice.client.post("/api/meals", { clientRequestId, mealType: "dinner", date: DATE });
    expect(first.status).toBe(201);
    const { meal } = await body<{ meal: { id: string; status: string; mealType: string; date: string } }>(
      first,
    );
    expect(meal).toMatchObject({ status: "PROCESSING", mealType: "dinner", date: DATE });

    const again = await alice.client.post("/api/meals", { clientRequestId, mealType: "dinner", date: DATE });
    expect(again.status).toBe(200);
    expect((await body<{ meal: { id: string } }>(again)).meal.id).toBe(meal.id);
  });

  it("makes one row out of 20 concurrent creates with one clientRequestId", async () => {
    const clientRequestId = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => alice.client.post("/api/meals", { clientRequestId, date: DATE })),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    const ids = new Set(
      await Promise.all(responses.map(async (r) => (await body<{ meal: { id: string } }>(r)).meal.id)),
    );
    expect(ids.size).toBe(1);
    const db = await getDb();
    expect(await db.select().from(meals).where(eq(meals.clientRequestId, clientRequestId))).toHaveLength(1);
  });

  it("lets two users use the same clientRequestId independently", async () => {
    const clientRequestId = randomUUID();
    expect((await alice.client.post("/api/meals", { clientRequestId })).status).toBe(201);
    expect((await bob.client.post("/api/meals", { clientRequestId })).status).toBe(201);
  });

  it.each([
    [{}, "clientRequestId"],
    [{ clientRequestId: "not-a-uuid" }, "clientRequestId"],
    [{ clientRequestId: randomUUID(), mealType: "brunch" }, "mealType"],
    [{ clientRequestId: randomUUID(), date: "2026-13-45" }, "date"],
    [{ clientRequestId: randomUUID(), extra: 1 }, ""],
  ])("answers 400 naming the failing field for %j", async (input, field) => {
    const response = await alice.client.post("/api/meals", input);
    expect(response.status).toBe(400);
    const { error } = await body<{ error: { code: string; details: { fields: { path: string }[] } } }>(
      response,
    );
    expect(error.code).toBe("validation_failed");
    expect(error.details.fields.map((f) => f.path)).toContain(field);
  });

  it("answers 400 to malformed JSON and 415 to a body that is not JSON", async () => {
    const malformed = await alice.client.request("POST", "/api/meals", {
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    const form = await alice.client.request("POST", "/api/meals", {
      body: "a=b",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
  });

  it("answers 413 to an oversized JSON body", async () => {
    const response = await alice.client.post("/api/meals", {
      clientRequestId: randomUUID(),
      pad: "x".repeat(100_000),
    });
    expect(response.status).toBe(413);
  });
});

describe("GET /api/meals/:id and ownership", () => {
  it("shows the owner every photo; another user gets 404 and changes nothing", async () => {
    const meal = await alice.client.createMeal({ date: DATE });
    const upload = await alice.client.upload(meal.id, await solidJpeg());
    expect(upload.status).toBe(201);
    const { photo } = await body<{ photo: { id: string } }>(upload);

    const own = await alice.client.get(`/api/meals/${meal.id}`);
    expect(own.status).toBe(200);
    const detail = await body<{ photos: { id: string; status: string; attempt: number }[] }>(own);
    expect(detail.photos).toEqual([expect.objectContaining({ id: photo.id, status: "PENDING", attempt: 1 })]);

    const attempts = [
      await bob.client.get(`/api/meals/${meal.id}`),
      await bob.client.get(`/api/photos/${photo.id}`),
      await bob.client.delete(`/api/meals/${meal.id}`),
      await bob.client.upload(meal.id, await solidJpeg()),
      await bob.client.post(`/api/meals/${meal.id}/items`, {
        name: "x",
        grams: 1,
        kcal: 1,
        protein: 0,
        fat: 0,
        carbs: 0,
      }),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(404);
      expect((await body<{ error: { code: string } }>(response)).error.code).toBe("not_found");
    }
    const db = await getDb();
    expect(await db.select().from(mealPhotos).where(eq(mealPhotos.mealId, meal.id))).toHaveLength(1);
    expect((await alice.client.get(`/api/meals/${meal.id}`)).status).toBe(200);
  });

  it("answers 404 for an id that is not a UUID or does not exist", async () => {
    expect((await alice.client.get("/api/meals/123")).status).toBe(404);
    expect((await alice.client.get(`/api/meals/${randomUUID()}`)).status).toBe(404);
    expect((await alice.client.get("/api/photos/..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
  });
});

describe("GET /api/meals?date= (the diary)", () => {
  it("never returns a FAILED meal nor a photo that is not SUCCESS, nor items of such photos", async () => {
    const user = await signUp();
    const complete = await seedMeal(user.id, { date: DATE, status: "COMPLETE" });
    const good = await seedPhoto(user.id, complete.id, "SUCCESS");
    for (const status of ["PENDING", "PROCESSING", "FAILED", "CANCELLED"] as const) {
      await seedPhoto(user.id, complete.id, status);
    }
    const cancelled = await seedPhoto(user.id, complete.id, "CANCELLED");
    await seedItem(complete.id, good.id, "Rice", 130);
    await seedItem(complete.id, cancelled.id, "Ghost item", 999);
    await seedItem(complete.id, null, "Apple", 52);

    const failed = await seedMeal(user.id, { date: DATE, status: "FAILED" });
    await seedPhoto(user.id, failed.id, "CANCELLED");
    await seedMeal(user.id, { date: "2026-11-21", status: "COMPLETE" });

    const response = await user.client.get(`/api/meals?date=${DATE}`);
    expect(response.status).toBe(200);
    const diary = await body<{
      date: string;
      meals: {
        id: string;
        photosInFlight: number;
        photos: { id: string; status: string; url: string }[];
        items: { name: string }[];
      }[];
      totals: { kcal: number };
      goals: { kcal: number };
    }>(response);
    expect(diary.date).toBe(DATE);
    expect(diary.meals.map((meal) => meal.id)).toEqual([complete.id]);
    const [meal] = diary.meals;
    expect(meal?.photos).toEqual([
      { id: good.id, status: "SUCCESS", url: `/api/photos/${good.id}`, width: 10, height: 10 },
    ]);
    expect(meal?.photosInFlight).toBe(2);
    expect(meal?.items.map((item) => item.name).sort()).toEqual(["Apple", "Rice"]);
    expect(diary.totals.kcal).toBe(182);
    expect(diary.goals.kcal).toBe(2000);
  });

  it("answers 400 without a valid date", async () => {
    expect((await alice.client.get("/api/meals")).status).toBe(400);
    expect((await alice.client.get("/api/meals?date=yesterday")).status).toBe(400);
  });

  it("issues the same number of SQL statements for 1 and for 50 meals", async () => {
    async function statementsFor(mealCount: number): Promise<number> {
      const user = await signUp();
      for (let i = 0; i < mealCount; i++) {
        const meal = await seedMeal(user.id, { date: DATE });
        for (let p = 0; p < 3; p++) {
          const photo = await seedPhoto(user.id, meal.id, "SUCCESS");
          await seedItem(meal.id, photo.id);
        }
      }
      const { result, statements } = await countStatements(() => user.client.get(`/api/meals?date=${DATE}`));
      const diary = (await result.json()) as { meals: unknown[] };
      expect(diary.meals).toHaveLength(mealCount);
      return statements;
    }
    const one = await statementsFor(1);
    const fifty = await statementsFor(50);
    expect(fifty).toBe(one);
    // The goals, the meals, their photos and items in one statement; the session comes from its
    // signed cookie cache (SESSION_CACHE_SECONDS), no lookup.
    expect(one).toBe(1);
  });
});

describe("the cancel's statements", () => {
  it("cancels a finished meal in one statement, whatever its number of photos, and answers its repeat in one", async () => {
    async function statementsFor(photoCount: number): Promise<number[]> {
      const user = await signUp();
      const meal = await seedMeal(user.id, { date: DATE, status: "COMPLETE" });
      for (let p = 0; p < photoCount; p++) await seedPhoto(user.id, meal.id, "SUCCESS");
      const cancel = { clientCancelId: randomUUID(), mealId: meal.id };
      const first = await countStatements(() => user.client.post("/api/ai/cancel", cancel));
      expect(await first.result.json()).toMatchObject({
        status: "already_completed",
        mealStatus: "COMPLETE",
        duplicate: false,
      });
      const repeat = await countStatements(() => user.client.post("/api/ai/cancel", cancel));
      expect(await repeat.result.json()).toMatchObject({ status: "already_completed", duplicate: true });
      return [first.statements, repeat.statements];
    }
    const one = await statementsFor(1);
    expect(await statementsFor(10)).toEqual(one);
    // The rate limit's count, the meal and photo locks and the audit row with its answer (or the
    // repeat's duplicate count) in one statement, its own transaction. The session comes from its
    // cookie cache.
    expect(one).toEqual([1, 1]);
  });

  it("cancels a meal with photos in flight in one statement and a transaction of four", async () => {
    const user = await signUp();
    const meal = await seedMeal(user.id, { date: DATE, status: "PROCESSING" });
    await seedPhoto(user.id, meal.id, "SUCCESS");
    await seedPhoto(user.id, meal.id, "PENDING");
    const { result, statements } = await countStatements(() =>
      user.client.post("/api/ai/cancel", { clientCancelId: randomUUID(), mealId: meal.id }),
    );
    expect(await result.json()).toMatchObject({
      status: "cancelled",
      updatedPhotos: 1,
      mealStatus: "COMPLETE",
    });
    // The settled statement (it counts, finds a meal in flight, writes nothing), then the meal lock
    // with the insert, the photos' move, the finalisation, the answer with the outbox; after the
    // commit the relay's claim and its delivery mark.
    expect(statements).toBe(7);
  });

  it("still finalises a meal that is not COMPLETE: a new meal without photos becomes FAILED", async () => {
    const meal = await alice.client.createMeal({ date: DATE });
    const response = await alice.client.post("/api/ai/cancel", {
      clientCancelId: randomUUID(),
      mealId: meal.id,
    });
    expect(await response.json()).toMatchObject({ status: "noop", mealStatus: "FAILED" });
  });
});

describe("items by hand", () => {
  it("adds, edits (grams scale the macros) and deletes items, finalising the meal", async () => {
    const meal = await alice.client.createMeal({ date: DATE });
    const added = await alice.client.post(`/api/meals/${meal.id}/items`, {
      name: "Oatmeal",
      grams: 200,
      kcal: 140,
      protein: 5,
      fat: 3,
      carbs: 24,
    });
    expect(added.status).toBe(201);
    const { item } = await body<{ item: { id: string; source: string } }>(added);
    expect(item.source).toBe("manual");
    const afterAdd = await body<{ meal: { status: string } }>(
      await alice.client.get(`/api/meals/${meal.id}`),
    );
    expect(afterAdd.meal.status).toBe("COMPLETE");

    const edited = await alice.client.patch(`/api/items/${item.id}`, { grams: 100 });
    expect(edited.status).toBe(200);
    expect((await body<{ item: Record<string, unknown> }>(edited)).item).toMatchObject({
      grams: 100,
      kcal: 70,
      protein: 2.5,
      fat: 1.5,
      carbs: 12,
      editedAt: expect.any(String),
    });

    const renamed = await alice.client.patch(`/api/items/${item.id}`, { name: "Porridge", kcal: 80 });
    expect((await body<{ item: Record<string, unknown> }>(renamed)).item).toMatchObject({
      name: "Porridge",
      kcal: 80,
      grams: 100,
    });

    expect((await bob.client.patch(`/api/items/${item.id}`, { name: "Stolen" })).status).toBe(404);
    expect((await bob.client.delete(`/api/items/${item.id}`)).status).toBe(404);
    expect((await alice.client.patch(`/api/items/${item.id}`, {})).status).toBe(400);
    expect((await alice.client.patch(`/api/items/${item.id}`, { grams: -5 })).status).toBe(400);

    expect((await alice.client.delete(`/api/items/${item.id}`)).status).toBe(204);
    const afterDelete = await body<{ meal: { status: string }; items: unknown[] }>(
      await alice.client.get(`/api/meals/${meal.id}`),
    );
    expect(afterDelete.items).toEqual([]);
    expect(afterDelete.meal.status).toBe("FAILED");
  });
});

describe("DELETE /api/meals/:id", () => {
  it("deletes the meal with its photos, items and files, and keeps its cancel events with a null meal", async () => {
    const meal = await alice.client.createMeal({ date: DATE });
    const { photo } = await body<{ photo: { id: string } }>(
      await alice.client.upload(meal.id, await solidJpeg()),
    );
    const db = await getDb();
    const [event] = await db
      .insert(cancelEvents)
      .values({
        userId: alice.id,
        clientCancelId: randomUUID(),
        mealId: meal.id,
        reason: "user_cancel",
        payload: { mealId: meal.id },
        noop: true,
      })
      .returning();

    expect((await alice.client.delete(`/api/meals/${meal.id}`)).status).toBe(204);
    expect((await alice.client.get(`/api/meals/${meal.id}`)).status).toBe(404);
    expect((await alice.client.get(`/api/photos/${photo.id}`)).status).toBe(404);
    expect(await db.select().from(mealPhotos).where(eq(mealPhotos.mealId, meal.id))).toEqual([]);
    expect(await db.select().from(foodItems).where(eq(foodItems.mealId, meal.id))).toEqual([]);
    const [kept] = await db
      .select()
      .from(cancelEvents)
      .where(eq(cancelEvents.id, event?.id ?? ""));
    expect(kept?.mealId).toBeNull();
    expect(kept?.payload).toEqual({ mealId: meal.id });
  });
});

describe("goals", () => {
  it("returns defaults, then what the user set; refuses bad values", async () => {
    const user = await signUp();
    const initial = await body<{ goals: { kcal: number; isDefault: boolean } }>(
      await user.client.get("/api/goals"),
    );
    expect(initial.goals).toMatchObject({ kcal: 2000, isDefault: true });
    const goals = { kcal: 1800, protein: 120, fat: 60, carbs: 180 };
    expect((await user.client.put("/api/goals", goals)).status).toBe(200);
    expect((await body<{ goals: unknown }>(await user.client.get("/api/goals"))).goals).toEqual({
      ...goals,
      isDefault: false,
    });
    expect((await user.client.put("/api/goals", { ...goals, kcal: "lots" })).status).toBe(400);
    expect((await user.client.put("/api/goals", { kcal: 1800 })).status).toBe(400);
    const diary = await body<{ goals: unknown }>(await user.client.get(`/api/meals?date=${DATE}`));
    expect(diary.goals).toEqual(goals);
  });
});

describe("GET /api/health", () => {
  it("reports the database as reachable", async () => {
    const response = await new AppClient().get("/api/health");
    const health = await body<{ db: { ok: boolean } }>(response);
    expect(health.db.ok).toBe(true);
  });
});
