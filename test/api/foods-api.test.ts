import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { foods } from "@/db/schema";
import { COMMON_FOODS } from "@/lib/foods/common-foods";
import { macrosForPortion } from "@/lib/meals/macros";
import { AppClient, signUp, type TestUser } from "@/test/app-client";
import { settledRecognition, startJobs } from "@/test/jobs";
import { itemsOfPhoto, uploadPhoto } from "@/test/meal-flow";

interface ApiFood {
  id: string;
  name: string;
  group: string;
  source: string;
  sourceId: string;
  per100g: { kcal: number; protein: number; fat: number; carbs: number };
  energyBasis: "reported" | "derived";
  /** On a search's answers: the local name the food was found by, or null. */
  localName?: string | null;
  /** On the user's recent foods. */
  recent?: { uses: number; lastGrams: number };
}
interface ApiItem {
  id: string;
  name: string;
  grams: number;
  kcal: number;
  protein: number;
  fat: number;
  carbs: number;
  foodId: string | null;
  example: boolean;
}

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await signUp("Alice");
  bob = await signUp("Bob");
});

async function search(user: TestUser, query: string): Promise<ApiFood[]> {
  const response = await user.client.get(`/api/foods?${query}`);
  expect(response.status, query).toBe(200);
  return ((await response.json()) as { foods: ApiFood[] }).foods;
}

async function foodNamed(name: string): Promise<ApiFood> {
  const food = (await search(alice, `q=${encodeURIComponent(name)}&limit=1`))[0];
  if (food?.name !== name) throw new Error(`${name} is not the first match`);
  return food;
}

async function addItem(user: TestUser, mealId: string, item: Record<string, unknown>): Promise<ApiItem> {
  const response = await user.client.post(`/api/meals/${mealId}/items`, item);
  expect(response.status).toBe(201);
  return ((await response.json()) as { item: ApiItem }).item;
}

async function itemsOfMeal(user: TestUser, mealId: string): Promise<ApiItem[]> {
  const response = await user.client.get(`/api/meals/${mealId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: ApiItem[] }).items;
}

async function patchItem(itemId: string, patch: Record<string, unknown>, user = alice): Promise<ApiItem> {
  const response = await user.client.patch(`/api/items/${itemId}`, patch);
  expect(response.status).toBe(200);
  return ((await response.json()) as { item: ApiItem }).item;
}

describe("GET /api/foods", () => {
  it("answers the best matches with their source and nutrition per 100 g", async () => {
    const foods = await search(alice, "q=chiken%20brest&limit=3");
    expect(foods.map((food) => food.name)).toEqual([
      "Roast chicken breast",
      "Chicken, poultry, breast, skinless",
    ]); // nothing else is close enough to both words
    expect(foods[0]).toEqual({
      id: expect.any(String),
      name: "Roast chicken breast",
      group: "Protein",
      source: "usda_sr24",
      sourceId: "05064",
      per100g: { kcal: 165, protein: 31.02, fat: 3.57, carbs: 0 },
      energyBasis: "reported",
      state: "cooked",
      own: false,
      cookedGrams: null,
      pieces: null,
      // SR24's household measures, the food's own.
      portions: expect.arrayContaining([{ label: "cup, chopped or diced", grams: 140, own: false }]),
      lastPortion: null,
      localName: null,
    });
    expect((await search(alice, "q=milk%20cow"))[0]).toMatchObject({
      name: "Milk, whole, Cow",
      source: "ifct2017",
      sourceId: "L002",
    });
    expect((await search(alice, "q=aloo"))[0]).toMatchObject({ name: /^Potato/, localName: "Aloo" });
    // Typed in Devanagari: searched by its Latin spellings, found by the same local names.
    const inDevanagari = async (q: string) => (await search(alice, `q=${encodeURIComponent(q)}`))[0];
    expect(await inDevanagari("आलू")).toMatchObject({ name: /^Potato/, localName: /^Al(u|oo)$/ });
    expect(await inDevanagari("पालक")).toMatchObject({ name: /^Spinach/, localName: "Palak" });
    expect(await inDevanagari("पनीर")).toMatchObject({ name: /^Paneer/ });
    expect(await inDevanagari("राजमा")).toMatchObject({ name: /kidney/i });
    expect(await search(alice, "q=qwxzv")).toEqual([]);
    // IFCT 2017 gives no energy for its oils and fats: derived from their fat, never 0.
    expect((await search(alice, "q=rice%20bran%20oil&limit=1"))[0]).toMatchObject({
      name: "Rice bran oil",
      sourceId: "T008",
      per100g: { kcal: 884.3, fat: 100 },
      energyBasis: "derived",
    });
    expect(await search(alice, "q=idli")).toEqual([]); // not in the table: no near-spelling instead
    expect(await search(alice, "q=rice&limit=3")).toHaveLength(3);
  });

  it("refuses bad input with 400 and the failing fields, and anonymous callers with 401", async () => {
    for (const query of [
      "q=",
      "q=%20%20",
      "q=!!!",
      `q=${"a".repeat(101)}`,
      "q=rice&limit=0",
      "q=rice&limit=51",
      "q=rice&limit=ten",
      "q=rice&limit=2.5",
      "q=rice&sort=name",
      "q=%00rice",
    ]) {
      const response = await alice.client.get(`/api/foods?${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toEqual({
        error: {
          code: "validation_failed",
          message: expect.any(String),
          details: { fields: expect.any(Array) },
        },
      });
    }
    expect((await new AppClient().get("/api/foods?q=rice")).status).toBe(401);
  });

  it("without q, offers the user's own foods, the latest first, with how often and how much", async () => {
    const banana = await foodNamed("Banana");
    const oatmeal = await foodNamed("Oatmeal");
    const meal = await alice.client.createMeal({ date: "2026-11-21" });
    const manual = { kcal: 1, protein: 0, fat: 0, carbs: 0 };
    await addItem(alice, meal.id, { ...manual, name: "Banana", grams: 100, foodId: banana.id });
    await addItem(alice, meal.id, { ...manual, name: "Banana", grams: 130, foodId: banana.id });
    await addItem(alice, meal.id, { ...manual, name: "Oatmeal", grams: 250, foodId: oatmeal.id });
    await addItem(alice, meal.id, { ...manual, name: "Homemade soup", grams: 300 });
    const { localName: _oatmealLocalName, ...oatmealFood } = oatmeal;
    const { localName: _bananaLocalName, ...bananaFood } = banana;
    expect(await search(alice, "")).toEqual([
      { ...oatmealFood, recent: { uses: 1, lastGrams: 250 } },
      { ...bananaFood, recent: { uses: 2, lastGrams: 130 } },
    ]);
    expect(await search(alice, "limit=1")).toHaveLength(1);
    expect(await search(bob, "")).toEqual([]);
  });
});

describe("items that reference a food", () => {
  it("keeps the food of an added item, and refuses an unknown food with 400", async () => {
    const banana = await foodNamed("Banana");
    const meal = await alice.client.createMeal({ date: "2026-11-22" });
    const portion = { grams: 150, ...macrosForPortion(banana.per100g, 150) };
    const item = await addItem(alice, meal.id, { name: "Banana", ...portion, foodId: banana.id });
    expect(item.foodId).toBe(banana.id);
    const unknown = await alice.client.post(`/api/meals/${meal.id}/items`, {
      name: "Ghost",
      ...portion,
      foodId: randomUUID(),
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: { code: "validation_failed", details: { fields: [{ path: "foodId" }] } },
    });
    const notUuid = await alice.client.patch(`/api/items/${item.id}`, { foodId: "banana" });
    expect(notUuid.status).toBe(400);
  });

  it("renaming to another food through the search recomputes the macros; a free-text rename keeps them", async () => {
    const croissant = await foodNamed("Croissant");
    const banana = await foodNamed("Banana");
    const meal = await alice.client.createMeal({ date: "2026-11-23" });
    const item = await addItem(alice, meal.id, {
      name: "Croissant",
      grams: 60,
      ...macrosForPortion(croissant.per100g, 60),
      foodId: croissant.id,
    });

    const asBanana = await patchItem(item.id, { foodId: banana.id });
    expect(asBanana).toMatchObject({
      name: "Banana",
      grams: 60,
      kcal: 53,
      protein: 0.7,
      fat: 0.2,
      carbs: 13.7,
    });
    expect(asBanana.foodId).toBe(banana.id);

    const portion = await patchItem(item.id, { foodId: banana.id, grams: 120, kcal: 110 });
    expect(portion).toMatchObject({ name: "Banana", grams: 120, kcal: 110, protein: 1.3, carbs: 27.4 });

    const numbers = { kcal: 100, protein: 2, fat: 1, carbs: 20 }; // whatever the user typed
    const renamed = await patchItem(item.id, { name: "Plantain", ...numbers });
    expect(renamed).toMatchObject({ name: "Plantain", grams: 120, ...numbers });
    expect(renamed.foodId).toBeNull();

    const scaled = await patchItem(item.id, { grams: 60 });
    expect(scaled).toMatchObject({ grams: 60, kcal: 50, protein: 1, fat: 0.5, carbs: 10, foodId: null });
    // Typed numbers are the user's own: a rename of a manual item without a food keeps them.
    expect(await patchItem(item.id, { name: "Green plantain" })).toMatchObject({ kcal: 50, carbs: 10 });
  });

  it("refuses a free-text rename of a food's numbers without the new numbers (the rename rule)", async () => {
    const croissant = await foodNamed("Croissant");
    const meal = await alice.client.createMeal({ date: "2026-11-23" });
    const item = await addItem(alice, meal.id, {
      name: "Croissant",
      grams: 150,
      ...macrosForPortion(croissant.per100g, 150),
      foodId: croissant.id,
    });
    for (const patch of [{ name: "Idli" }, { name: "Idli", grams: 100 }, { name: "Idli", kcal: 100 }]) {
      const refused = await alice.client.patch(`/api/items/${item.id}`, patch);
      expect(refused.status, JSON.stringify(patch)).toBe(400);
      const { error } = (await refused.json()) as {
        error: { code: string; message: string; details: { fields: { path: string }[] } };
      };
      expect(error.code).toBe("validation_failed");
      expect(error.message).toMatch(/pick a food.*or send kcal, protein, fat and carbs/);
      expect(error.details.fields.map((field) => field.path)).toEqual(
        ["kcal", "protein", "fat", "carbs"].filter((key) => !(key in patch)),
      );
    }
    // Nothing was stored.
    const [unchanged] = await itemsOfMeal(alice, meal.id);
    expect(unchanged).toMatchObject({ name: "Croissant", foodId: croissant.id, kcal: item.kcal });
  });
});

describe("recognition", () => {
  it("takes the nutrition of every demo item from the food table and keeps the reference", async () => {
    await startJobs();
    const meal = await alice.client.createMeal({ date: "2026-11-24" });
    const photoId = await uploadPhoto(alice, meal.id);
    expect((await settledRecognition(photoId)).status).toBe("Completed");
    const items = await itemsOfPhoto(photoId);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      const food = await foodNamed(item.name);
      expect(item.foodId, item.name).toBe(food.id);
      expect(item.kcal, item.name).toBe(Math.round((food.per100g.kcal * item.grams) / 100));
    }
  });

  it("matches the photo owner's own foods first, and nobody else's", async () => {
    await startJobs();
    const [dana, eve] = [await signUp("Dana"), await signUp("Eve")];
    // Dana's own food of every name the demo serves, with made-up numbers.
    const own = await (await getDb())
      .insert(foods)
      .values(
        COMMON_FOODS.map((common) => ({
          source: "user" as const,
          sourceId: randomUUID(),
          name: common.name,
          foodGroup: "Own",
          kcal: 100,
          protein: 10,
          fat: 2,
          carbs: 11,
          state: common.state,
          ownerId: dana.id,
        })),
      )
      .returning();
    const ownIds = new Set(own.map((food) => food.id));
    for (const [user, hers] of [
      [dana, true],
      [eve, false],
    ] as const) {
      const meal = await user.client.createMeal({ date: "2026-11-26" });
      const photoId = await uploadPhoto(user, meal.id);
      expect((await settledRecognition(photoId)).status).toBe("Completed");
      const items = await itemsOfPhoto(photoId);
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        expect(ownIds.has(item.foodId ?? ""), `${item.name} of ${hers ? "Dana" : "Eve"}`).toBe(hers);
        if (hers) expect(item.kcal).toBe(item.grams);
      }
    }
  });

  it("marks the demo's items as examples and keeps them out of Recent until the user names the food", async () => {
    await startJobs();
    const carol = await signUp("Carol");
    const date = "2026-11-25";
    const meal = await carol.client.createMeal({ date });
    const photoId = await uploadPhoto(carol, meal.id);
    expect((await settledRecognition(photoId)).status).toBe("Completed");
    const diary = (await (await carol.client.get(`/api/meals?date=${date}`)).json()) as {
      meals: { items: ApiItem[] }[];
    };
    const items = diary.meals.flatMap((entry) => entry.items);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.example && item.foodId !== null)).toBe(true);
    const [first] = items as [ApiItem];
    const { items: onMealPage } = (await (await carol.client.get(`/api/meals/${meal.id}`)).json()) as {
      items: ApiItem[];
    };
    expect(onMealPage.map((item) => item.example)).toEqual(items.map(() => true));
    expect(await search(carol, "")).toEqual([]);

    // A new portion leaves the made-up food made up.
    expect(await patchItem(first.id, { grams: first.grams + 10 }, carol)).toMatchObject({ example: true });
    expect(await search(carol, "")).toEqual([]);
    // Naming the food, typed or picked from the table, makes the item the user's own.
    // The demo's numbers are a made-up food's: a rename needs its own.
    expect((await carol.client.patch(`/api/items/${first.id}`, { name: "Idli" })).status).toBe(400);
    expect(
      await patchItem(first.id, { name: "Idli", kcal: 100, protein: 2, fat: 1, carbs: 20 }, carol),
    ).toMatchObject({ example: false, foodId: null, kcal: 100 });
    const banana = await foodNamed("Banana");
    expect(await patchItem(first.id, { foodId: banana.id }, carol)).toMatchObject({
      name: "Banana",
      example: false,
    });
    // A recent food carries its use, not the local name a search found it by.
    const { localName: _, ...bananaFood } = banana;
    expect(await search(carol, "")).toEqual([
      { ...bananaFood, recent: { uses: 1, lastGrams: first.grams + 10 } },
    ]);

    const added = await addItem(carol, meal.id, {
      name: "Tea",
      grams: 200,
      kcal: 2,
      protein: 0,
      fat: 0,
      carbs: 0,
    });
    expect(added.example).toBe(false);
  });
});
