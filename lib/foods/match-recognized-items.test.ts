import { and, eq, ilike, inArray, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countStatements, getDb } from "@/db/client";
import { type FoodState, foods } from "@/db/schema";
import type { RecognizedItem } from "@/lib/recognition/types";
import { signUp } from "@/test/app-client";
import { COMMON_FOODS } from "./common-foods";
import { type MealOwner, matchRecognizedItems } from "./match-recognized-items";

// On the migrated table: PGlite by default, PostgreSQL with TEST_POSTGRES_URL.

const estimate = { kcal: 999, protein: 99, fat: 99, carbs: 99, confidence: 0.8 };
/** Someone with no food of their own: only the table answers. */
const nobody: MealOwner = { id: "no-such-user", hasOwnFoods: false };

async function tableFood(name: string) {
  const [food] = await (await getDb())
    .select()
    .from(foods)
    .where(and(eq(foods.name, name), isNull(foods.ownerId)));
  if (!food) throw new Error(`${name} is not in the table`);
  return food;
}

/** A food of the test's own, with made-up numbers (not a composition value). */
async function insertFood(name: string, state: FoodState, ownerId: string | null = null) {
  const [food] = await (await getDb())
    .insert(foods)
    .values({
      source: ownerId ? "user" : "usda_sr24",
      sourceId: `test:${crypto.randomUUID()}`,
      name,
      foodGroup: "Test foods",
      kcal: 100,
      protein: 10,
      fat: 2,
      carbs: 11,
      state,
      ownerId,
    })
    .returning();
  if (!food) throw new Error("insert returned no row");
  return food;
}

const named = (name: string, state?: FoodState, grams = 100): RecognizedItem => ({
  name,
  grams,
  ...(state && { state }),
  ...estimate,
});

/** The name of the food each item matched, or null. */
async function matchedNames(items: RecognizedItem[], owner = nobody): Promise<(string | null)[]> {
  const matched = await matchRecognizedItems(items, owner);
  const ids = matched.map((item) => item.foodId).filter((id): id is string => Boolean(id));
  const rows = ids.length ? await (await getDb()).select().from(foods).where(inArray(foods.id, ids)) : [];
  return matched.map((item) => rows.find((row) => row.id === item.foodId)?.name ?? null);
}

beforeAll(async () => {
  // The states this file relies on, whatever the table's migrations set: every table food raw,
  // except those named here (the states describe what the published numbers measured).
  const db = await getDb();
  await db.update(foods).set({ state: "raw" }).where(isNull(foods.ownerId));
  for (const common of COMMON_FOODS) {
    await db
      .update(foods)
      .set({ state: common.state })
      .where(and(eq(foods.source, common.source), eq(foods.sourceId, common.sourceId)));
  }
  await db
    .update(foods)
    .set({ state: "ready" })
    .where(and(eq(foods.source, "ifct2017"), inArray(foods.sourceId, ["T013", "T006", "L002"]))); // ghee, mustard oil, cow milk
  await db
    .update(foods)
    .set({ state: "cooked" })
    .where(and(eq(foods.source, "ifct2017"), ilike(foods.name, "%boiled%"))); // boiled eggs
  // Cooked dishes and drinks as a table of cooked foods holds them.
  await insertFood("Dal tadka", "cooked");
  await insertFood("Rice, steamed", "cooked");
  await insertFood("Chicken curry", "cooked");
  await insertFood("Masala chai", "cooked");
  await insertFood("Coffee", "ready");
});

describe("matchRecognizedItems", () => {
  it("takes the nutrition of a confidently matched food for the recognised grams, and keeps its id", async () => {
    const [banana, cowMilk] = await matchRecognizedItems(
      [
        { ...named("Banana", "raw"), grams: 120 },
        { ...named("cow milk", "ready"), grams: 250 },
      ],
      nobody,
    );
    const bananaRow = await tableFood("Banana");
    expect(banana).toEqual({
      name: "Banana",
      state: "raw",
      grams: 120,
      kcal: Math.round(bananaRow.kcal * 1.2),
      protein: Math.round(bananaRow.protein * 12) / 10,
      fat: Math.round(bananaRow.fat * 12) / 10,
      carbs: Math.round(bananaRow.carbs * 12) / 10,
      confidence: 0.8,
      foodId: bananaRow.id,
    });
    const milk = await tableFood("Milk, whole, Cow");
    expect(cowMilk).toMatchObject({ grams: 250, kcal: Math.round(milk.kcal * 2.5), foodId: milk.id });
  });

  it("keeps the recognizer's estimate, without a food, when the name matches nothing closely", async () => {
    const items = [named("Beef burrito with guacamole", "cooked", 300), named("Tiramisu", "ready", 120)];
    expect(await matchRecognizedItems(items, nobody)).toEqual(
      items.map((item) => ({ ...item, foodId: null })),
    );
  });

  it("matches every food the demo recognizer serves, with its state, to the table food of that name", async () => {
    const db = await getDb();
    for (const common of COMMON_FOODS) {
      const [matched] = await matchRecognizedItems([named(common.name, common.state)], nobody);
      const [food] = await db
        .select()
        .from(foods)
        .where(eq(foods.id, matched?.foodId ?? crypto.randomUUID()));
      expect(food?.name, common.name).toBe(common.name);
      expect(matched).toMatchObject({ kcal: Math.round(food?.kcal ?? -1) });
    }
  });
});

describe("matchRecognizedItems, by state (provider-style names)", () => {
  it.each([
    ["Dal tadka", "cooked", "Dal tadka"],
    ["Steamed rice", "cooked", "Rice, steamed"],
    ["Boiled egg", "cooked", "Egg, hard-boiled"],
    ["Chicken curry", "cooked", "Chicken curry"],
    ["Masala chai", "cooked", "Masala chai"],
    // A drink eaten as made or as sold takes a prepared food's or a ready one's numbers.
    ["Masala chai", "ready", "Masala chai"],
    ["Coffee", "ready", "Coffee"],
    ["Coffee", "cooked", "Coffee"],
    ["Cow milk", "ready", "Milk, whole, Cow"],
    // Oils and fats are eaten as sold: they fit every state, and a missing one.
    ["Ghee", "cooked", "Ghee"],
    ["Ghee", "raw", "Ghee"],
    ["Ghee", undefined, "Ghee"],
    ["Mustard oil", "ready", "Mustard oil"],
    ["Mustard oil", "cooked", "Mustard oil"],
  ] as const)("%s (%s) takes %s", async (name, state, food) => {
    expect(await matchedNames([named(name, state)])).toEqual([food]);
  });

  it.each([
    // A cooked dish never takes a raw ingredient's or a dry staple's numbers…
    ["Spinach", "cooked"],
    ["Rajmah, red", "cooked"],
    ["Spinach", "ready"],
    // …nor a raw one a cooked food's…
    ["Broccoli", "raw"],
    ["Dal tadka", "raw"],
    ["Boiled egg", "raw"],
    ["Masala chai", "raw"],
    // …and without a state only foods eaten as sold are sure to fit.
    ["Boiled egg", undefined],
    ["Spinach", undefined],
  ] as const)("%s (%s) keeps its estimate", async (name, state) => {
    expect(await matchedNames([named(name, state)])).toEqual([null]);
  });

  it("matches the same name to the food of each state in one call", async () => {
    expect(
      await matchedNames([named("Spinach", "raw"), named("Broccoli", "cooked"), named("Broccoli", "raw")]),
    ).toEqual(["Spinach", "Broccoli, boiled", null]);
  });
});

describe("matchRecognizedItems, the owner's own foods", () => {
  it("matches the owner's own food first and nobody else's, even after their answers were cached", async () => {
    const [alice, bob] = [await signUp("Alice"), await signUp("Bob")];
    const asBob: MealOwner = { id: bob.id, hasOwnFoods: false };
    // Bob's answer is cached before Alice has foods of her own.
    expect(await matchedNames([named("Dal tadka", "cooked")], asBob)).toEqual(["Dal tadka"]);
    const own = await insertFood("Dal tadka", "cooked", alice.id);
    const sambar = await insertFood("Amma's sambar", "cooked", alice.id);
    const asAlice: MealOwner = { id: alice.id, hasOwnFoods: true };

    const [dal, ownSambar] = await matchRecognizedItems(
      [named("Dal tadka", "cooked", 200), named("Amma's sambar", "cooked")],
      asAlice,
    );
    expect(dal).toMatchObject({ foodId: own.id, kcal: 200, protein: 20 });
    expect(ownSambar?.foodId).toBe(sambar.id);
    // Her own food is of a state too.
    expect(await matchedNames([named("Amma's sambar", "raw")], asAlice)).toEqual([null]);

    // Bob never gets Alice's foods, from the cache or from a search.
    const again = await countStatements(() =>
      matchRecognizedItems([named("Dal tadka", "cooked"), named("Amma's sambar", "cooked")], asBob),
    );
    expect(again.result.map((item) => item.foodId)).toEqual([(await tableFood("Dal tadka")).id, null]);
  });
});

describe("matchRecognizedItems, names matched before", () => {
  it("answers them as the first time without a statement, and searches only the new names", async () => {
    const items = [named("Paneer tikka masala", "cooked", 200), named("Quinoa salad bowl", "cooked", 120)];
    const first = await countStatements(() => matchRecognizedItems(items, nobody));
    expect(first.statements).toBeGreaterThan(0);
    const again = await countStatements(() => matchRecognizedItems(items, nobody));
    expect(again.result).toEqual(first.result);
    expect(again.statements).toBe(0);

    // Another wording of a known name is the same search; a new name is searched alone.
    const mixed = await countStatements(() =>
      matchRecognizedItems(
        [named("paneer, TIKKA masala", "cooked", 200), named("Mango lassi", "cooked", 250)],
        nobody,
      ),
    );
    expect(mixed.result[0]).toEqual({ ...first.result[0], name: "paneer, TIKKA masala" });
    expect(mixed.statements).toBe(first.statements - 1);

    // The same name in another state is another question.
    const raw = await countStatements(() =>
      matchRecognizedItems([named("Paneer tikka masala", "raw")], nobody),
    );
    expect(raw.statements).toBeGreaterThan(0);
  });

  it("always searches for an owner with foods of their own (they change at any time)", async () => {
    const owner = await signUp("Owner");
    const asOwner: MealOwner = { id: owner.id, hasOwnFoods: true };
    const items = [named("Dal tadka", "cooked")];
    await matchRecognizedItems(items, asOwner);
    expect((await countStatements(() => matchRecognizedItems(items, asOwner))).statements).toBeGreaterThan(0);
  });
});
