import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { cancelEvents, dailyGoals, foodItems, foodPortions, foods, mealPhotos, meals } from "@/db/schema";
import { ifctEnergyKj, ifctKcal } from "@/lib/foods/ifct";
import { AppClient, signUp, type TestUser } from "@/test/app-client";
import { solidJpeg } from "@/test/images";
import { makeAdmin } from "@/test/seed";

/**
 * DESIGN §4.7 and §5: every API route × {anonymous, another user, an admin, the owner}. A refused
 * request answers the contract's status with the error shape and changes none of the owner's rows.
 * No jobs run in this file: uploaded photos stay PENDING, which is enough to cancel and retry them.
 */

type Actor = "anonymous" | "other" | "admin" | "owner";

interface Fixture {
  mealId: string;
  photoId: string;
  itemId: string;
  /** The owner's own food, with the owner's portion `bowl`. */
  foodId: string;
}

interface RouteCase {
  /** The route file under app/api, and the exported method. */
  file: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  upload?: boolean;
  /** Expected status by actor. */
  expect: Record<Actor, number>;
}

// Rows owned by someone: the owner alone reaches them, anyone else (admins too) gets 404.
const owned = (ok: number): Record<Actor, number> => ({ anonymous: 401, other: 404, admin: 404, owner: ok });
// Scoped to the caller: every signed-in user gets their own answer, never the owner's rows.
const scoped = (ok: number): Record<Actor, number> => ({ anonymous: 401, other: ok, admin: ok, owner: ok });
const adminOnly: Record<Actor, number> = { anonymous: 401, other: 403, admin: 200, owner: 403 };

// A made-up label: energy computed from its macros with IFCT 2017's factors.
const labelPer100g = { protein: 10, fat: 5, carbs: 60 };
const label = { kcal: ifctKcal(ifctEnergyKj(labelPer100g)), ...labelPer100g };

const ROUTE_CASES: RouteCase[] = [
  { file: "meals", method: "GET", path: () => "/api/meals?date=2026-05-01", expect: scoped(200) },
  {
    file: "meals",
    method: "POST",
    path: () => "/api/meals",
    body: () => ({ clientRequestId: randomUUID() }),
    expect: scoped(201),
  },
  {
    file: "meals/stopped",
    method: "GET",
    path: () => "/api/meals/stopped?date=2026-05-01",
    expect: scoped(200),
  },
  { file: "foods", method: "GET", path: () => "/api/foods?q=rice", expect: scoped(200) },
  {
    file: "foods",
    method: "POST",
    path: () => "/api/foods",
    body: () => ({ name: "Granola", per100g: label }),
    expect: scoped(201),
  },
  { file: "foods/[id]", method: "GET", path: (f) => `/api/foods/${f.foodId}`, expect: owned(200) },
  {
    file: "foods/[id]",
    method: "PATCH",
    path: (f) => `/api/foods/${f.foodId}`,
    body: () => ({ name: "Renamed" }),
    expect: owned(200),
  },
  { file: "foods/[id]", method: "DELETE", path: (f) => `/api/foods/${f.foodId}`, expect: owned(204) },
  {
    file: "foods/[id]/portions",
    method: "PUT",
    path: (f) => `/api/foods/${f.foodId}/portions`,
    body: () => ({ label: "katori", grams: 150 }),
    expect: owned(200),
  },
  {
    file: "foods/[id]/portions/[label]",
    method: "DELETE",
    path: (f) => `/api/foods/${f.foodId}/portions/bowl`,
    expect: owned(204),
  },
  { file: "meals/[id]", method: "GET", path: (f) => `/api/meals/${f.mealId}`, expect: owned(200) },
  { file: "meals/[id]", method: "DELETE", path: (f) => `/api/meals/${f.mealId}`, expect: owned(204) },
  {
    file: "meals/[id]/photos",
    method: "POST",
    path: (f) => `/api/meals/${f.mealId}/photos`,
    upload: true,
    expect: owned(201),
  },
  {
    file: "meals/[id]/photos/[photoId]/retry",
    method: "POST",
    path: (f) => `/api/meals/${f.mealId}/photos/${f.photoId}/retry`,
    expect: owned(202),
  },
  {
    file: "meals/[id]/items",
    method: "POST",
    path: (f) => `/api/meals/${f.mealId}/items`,
    body: () => ({ name: "Apple", grams: 100, kcal: 52, protein: 0.3, fat: 0.2, carbs: 14 }),
    expect: owned(201),
  },
  {
    file: "items/[id]",
    method: "PATCH",
    path: (f) => `/api/items/${f.itemId}`,
    body: () => ({ grams: 250 }),
    expect: owned(200),
  },
  { file: "items/[id]", method: "DELETE", path: (f) => `/api/items/${f.itemId}`, expect: owned(204) },
  { file: "photos/[id]", method: "GET", path: (f) => `/api/photos/${f.photoId}`, expect: owned(200) },
  { file: "goals", method: "GET", path: () => "/api/goals", expect: scoped(200) },
  {
    file: "goals",
    method: "PUT",
    path: () => "/api/goals",
    body: () => ({ kcal: 1800, protein: 90, fat: 60, carbs: 200 }),
    expect: scoped(200),
  },
  // Cancel never answers 404 (a foreign meal is a recorded noop): the check is "nothing changed".
  {
    file: "ai/cancel",
    method: "POST",
    path: () => "/api/ai/cancel",
    body: (f) => ({ clientCancelId: randomUUID(), mealId: f.mealId }),
    expect: scoped(200),
  },
  {
    file: "ai/cancel",
    method: "POST",
    path: () => "/api/ai/cancel",
    body: (f) => ({ clientCancelId: randomUUID(), photoIds: [f.photoId] }),
    expect: scoped(200),
  },
  { file: "admin/cancel-events", method: "GET", path: () => "/api/admin/cancel-events", expect: adminOnly },
  {
    file: "admin/cancel-events",
    method: "GET",
    path: () => "/api/admin/cancel-events?format=csv",
    expect: adminOnly,
  },
  { file: "admin/cancel-stats", method: "GET", path: () => "/api/admin/cancel-stats", expect: adminOnly },
  { file: "admin/integrity", method: "GET", path: () => "/api/admin/integrity", expect: adminOnly },
  {
    file: "health",
    method: "GET",
    path: () => "/api/health",
    expect: { anonymous: 200, other: 200, admin: 200, owner: 200 },
  },
];

// Routes owned by libraries (Better Auth, the Inngest SDK), tested by their own suites.
const LIBRARY_ROUTES = new Set(["auth/[...all]", "inngest"]);

let owner: TestUser;
let other: TestUser;
let admin: TestUser;
const anonymous = new AppClient();
let jpeg: Buffer;

beforeAll(async () => {
  [owner, other, admin] = await Promise.all([signUp("Owner"), signUp("Other"), signUp("Admin")]);
  await makeAdmin(admin.id);
  jpeg = await solidJpeg(96, 64);
});

function clientOf(actor: Actor): AppClient {
  return { anonymous, other: other.client, admin: admin.client, owner: owner.client }[actor];
}

/** A meal of the owner's with a CANCELLED photo (so it can be retried) and a manual item. */
async function ownerFixture(): Promise<Fixture> {
  const meal = await owner.client.createMeal({ date: "2026-05-01" });
  const upload = await owner.client.upload(meal.id, jpeg);
  expect(upload.status).toBe(201);
  const { photo } = (await upload.json()) as { photo: { id: string } };
  const cancelled = await owner.client.post("/api/ai/cancel", {
    clientCancelId: randomUUID(),
    mealId: meal.id,
    photoIds: [photo.id],
  });
  expect(((await cancelled.json()) as { status: string }).status).toBe("cancelled");
  const added = await owner.client.post(`/api/meals/${meal.id}/items`, {
    name: "Rice",
    grams: 150,
    kcal: 195,
    protein: 4,
    fat: 0.4,
    carbs: 42,
  });
  expect(added.status).toBe(201);
  const { item } = (await added.json()) as { item: { id: string } };
  const created = await owner.client.post("/api/foods", { name: "Owner's granola", per100g: label });
  expect(created.status).toBe(201);
  const { food } = (await created.json()) as { food: { id: string } };
  expect(
    (await owner.client.put(`/api/foods/${food.id}/portions`, { label: "bowl", grams: 60 })).status,
  ).toBe(200);
  return { mealId: meal.id, photoId: photo.id, itemId: item.id, foodId: food.id };
}

/** Every row of the owner's that any route could touch, in a stable order. */
async function ownerSnapshot() {
  const db = await getDb();
  const ownerMeals = await db.select().from(meals).where(eq(meals.userId, owner.id)).orderBy(asc(meals.id));
  const mealIds = ownerMeals.map((meal) => meal.id);
  const none = [randomUUID()];
  return {
    meals: ownerMeals,
    photos: await db
      .select()
      .from(mealPhotos)
      .where(eq(mealPhotos.userId, owner.id))
      .orderBy(asc(mealPhotos.id)),
    items: await db
      .select()
      .from(foodItems)
      .where(inArray(foodItems.mealId, mealIds.length > 0 ? mealIds : none))
      .orderBy(asc(foodItems.id)),
    goals: await db.select().from(dailyGoals).where(eq(dailyGoals.userId, owner.id)),
    foods: await db.select().from(foods).where(eq(foods.ownerId, owner.id)).orderBy(asc(foods.id)),
    portions: await db
      .select()
      .from(foodPortions)
      .where(eq(foodPortions.userId, owner.id))
      .orderBy(asc(foodPortions.id)),
    cancels: await db
      .select()
      .from(cancelEvents)
      .where(eq(cancelEvents.userId, owner.id))
      .orderBy(asc(cancelEvents.id)),
  };
}

function send(actor: Actor, route: RouteCase, fixture: Fixture): Promise<Response> {
  const client = clientOf(actor);
  const target = route.path(fixture);
  if (route.upload) {
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(jpeg)]), "photo.jpg");
    form.set("clientUploadId", randomUUID());
    return client.request("POST", target, { body: form });
  }
  return client.request(route.method, target, route.body ? { json: route.body(fixture) } : {});
}

const ERROR_CODES: Record<number, string> = { 401: "unauthorized", 403: "forbidden", 404: "not_found" };

describe("authorization matrix (DESIGN §4.7, §5)", () => {
  it("covers every method of every route file under app/api", () => {
    const root = path.resolve("app/api");
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "route.ts") {
          const file = path.relative(root, dir);
          if (LIBRARY_ROUTES.has(file)) continue;
          const source = readFileSync(full, "utf8");
          for (const [, method] of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) {
            found.push(`${method} ${file}`);
          }
        }
      }
    };
    walk(root);
    const covered = new Set(ROUTE_CASES.map((route) => `${route.method} ${route.file}`));
    expect(found.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !found.includes(route))).toEqual([]);
  });

  describe.each(ROUTE_CASES)("$method $file", (route) => {
    it.each(["anonymous", "other", "admin", "owner"] as const)(
      "as %s answers the contract's status; a refused request changes nothing of the owner's",
      async (actor) => {
        const fixture = await ownerFixture();
        const before = await ownerSnapshot();
        const response = await send(actor, route, fixture);
        const expected = route.expect[actor];
        expect(response.status, `${route.method} ${route.path(fixture)} as ${actor}`).toBe(expected);
        const code = ERROR_CODES[expected];
        if (code) {
          expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
        }
        if (actor === "owner") return;
        expect(await ownerSnapshot()).toEqual(before);
        if (route.file === "ai/cancel" && actor !== "anonymous") {
          // Someone else's cancel is a noop that does not reveal the meal.
          expect(await response.json()).toMatchObject({ status: "noop", mealId: null, updatedPhotos: 0 });
        }
        if (route.file === "photos/[id]" && expected === 404) {
          expect(response.headers.get("content-type")).toContain("application/json");
        }
      },
    );
  });

  it("an admin reads another user's rows through no user route (cancel audits are the admin's view)", async () => {
    const fixture = await ownerFixture();
    const diary = (await (await admin.client.get("/api/meals?date=2026-05-01")).json()) as {
      meals: unknown[];
    };
    expect(diary.meals).toEqual([]);
    expect((await admin.client.get(`/api/meals/${fixture.mealId}`)).status).toBe(404);
    expect((await admin.client.get(`/api/photos/${fixture.photoId}`)).status).toBe(404);
  });

  it("a forged or expired session cookie is anonymous", async () => {
    const forged = new AppClient();
    forged.cookie = `better-auth.session_token=${randomUUID()}.${"A".repeat(43)}`;
    const fixture = await ownerFixture();
    expect((await forged.get(`/api/meals/${fixture.mealId}`)).status).toBe(401);
    const stolenShape = new AppClient();
    // The owner's token without its signature.
    stolenShape.cookie = owner.client.cookie.split(".")[0] ?? "";
    expect((await stolenShape.get(`/api/meals/${fixture.mealId}`)).status).toBe(401);
  });
});
