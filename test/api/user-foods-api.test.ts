import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { foodItems, foodPortions, foods, recipeIngredients } from "@/db/schema";
import { recipePer100g } from "@/lib/foods/food-numbers";
import { ifctEnergyKj, ifctKcal } from "@/lib/foods/ifct";
import { macrosForPortion } from "@/lib/meals/macros";
import { signUp, type TestUser } from "@/test/app-client";

// Products and recipes made up for these tests: macros chosen, energy computed from them with
// IFCT 2017's published factors (what checkEnergy expects); table foods read from the API.

interface Macros {
  kcal: number;
  protein: number;
  fat: number;
  carbs: number;
}
interface ApiPortion {
  label: string;
  grams: number;
  own: boolean;
}
interface ApiFood {
  id: string;
  name: string;
  source: string;
  sourceId: string;
  group: string;
  per100g: Macros;
  energyBasis: string;
  state: string;
  own: boolean;
  cookedGrams: number | null;
  pieces: number | null;
  portions: ApiPortion[];
  lastPortion: { label: string; count: number } | null;
  ingredients?: { foodId: string | null; name: string; grams: number; per100g: Macros | null }[] | null;
}
interface ApiItem extends Macros {
  id: string;
  name: string;
  grams: number;
  foodId: string | null;
  portion: { label: string; count: number } | null;
}
interface ApiError {
  error: { code: string; message: string; details?: { fields: { path: string; message: string }[] } };
}

const label = (protein: number, fat: number, carbs: number): Macros => ({
  kcal: ifctKcal(ifctEnergyKj({ protein, fat, carbs })),
  protein,
  fat,
  carbs,
});

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

async function tableFood(name: string): Promise<ApiFood> {
  const food = (await search(alice, `q=${encodeURIComponent(name)}&limit=5`)).find(
    (found) => found.name === name && !found.own,
  );
  if (!food) throw new Error(`${name} is not in the table`);
  return food;
}

async function create(user: TestUser, body: Record<string, unknown>): Promise<ApiFood> {
  const response = await user.client.post("/api/foods", body);
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return ((await response.json()) as { food: ApiFood }).food;
}

async function fieldsOf(response: Response): Promise<string[]> {
  expect(response.status).toBe(400);
  const body = (await response.json()) as ApiError;
  expect(body.error.code).toBe("validation_failed");
  return (body.error.details?.fields ?? []).map((field) => field.path);
}

async function rowCounts() {
  const db = await getDb();
  return {
    foods: await db.$count(foods),
    ingredients: await db.$count(recipeIngredients),
    portions: await db.$count(foodPortions),
    items: await db.$count(foodItems),
  };
}

async function addItem(user: TestUser, mealId: string, item: Record<string, unknown>) {
  return user.client.post(`/api/meals/${mealId}/items`, item);
}

describe("a food from a label", () => {
  it("is the owner's own, per 100 g or per serving, with its serving as a portion", async () => {
    const per100g = label(10, 5, 60);
    const granola = await create(alice, { name: "Test granola", per100g });
    expect(granola).toMatchObject({
      name: "Test granola",
      source: "user",
      sourceId: granola.id,
      per100g,
      energyBasis: "reported",
      state: "ready",
      own: true,
      cookedGrams: null,
      pieces: null,
      portions: [],
      lastPortion: null,
      ingredients: null,
    });

    const perServing = label(3, 1.5, 18); // per 30 g
    const bar = await create(alice, { name: "Test bar", state: "cooked", perServing, servingGrams: 30 });
    expect(bar.state).toBe("cooked");
    expect(bar.per100g).toEqual({
      kcal: Math.round(((perServing.kcal * 100) / 30) * 100) / 100,
      protein: 10,
      fat: 5,
      carbs: 60,
    });
    expect(bar.portions).toEqual([{ label: "serving", grams: 30, own: false }]);

    const got = await alice.client.get(`/api/foods/${bar.id}`);
    expect(got.status).toBe(200);
    expect(((await got.json()) as { food: ApiFood }).food).toEqual(bar);
  });

  it("is edited by its owner: new values, and per 100 g drops the serving", async () => {
    const food = await create(alice, {
      name: "Test crackers",
      perServing: label(2, 2, 14),
      servingGrams: 20,
    });
    const per100g = label(12, 8, 70);
    const response = await alice.client.patch(`/api/foods/${food.id}`, { name: "Test crispbread", per100g });
    expect(response.status).toBe(200);
    const edited = ((await response.json()) as { food: ApiFood }).food;
    expect(edited).toMatchObject({ name: "Test crispbread", per100g, portions: [] });
    // A label food is not a recipe.
    expect(await fieldsOf(await alice.client.patch(`/api/foods/${food.id}`, { cookedGrams: 100 }))).toEqual([
      "cookedGrams",
    ]);
  });

  it("refuses energy that disagrees with the macros, saying what they give", async () => {
    const per100g = { ...label(10, 5, 60), kcal: 150 };
    const response = await alice.client.post("/api/foods", { name: "Test wrong label", per100g });
    const body = (await response.clone().json()) as ApiError;
    expect(await fieldsOf(response)).toEqual(["per100g.kcal"]);
    expect(body.error.details?.fields[0]?.message).toContain(`${label(10, 5, 60).kcal} kcal per 100 g`);
  });
});

describe("a recipe", () => {
  it("sums its raw ingredients over the cooked weight, per 100 g and per piece", async () => {
    const rice = await tableFood("Rice, raw, brown");
    const ghee = await tableFood("Ghee");
    const ingredients = [
      { foodId: rice.id, grams: 200 },
      { foodId: ghee.id, grams: 10 },
    ];
    const recipe = await create(alice, { name: "Test ghee rice", ingredients, cookedGrams: 600, pieces: 4 });
    const expected = recipePer100g(
      [
        { per100g: rice.per100g, grams: 200 },
        { per100g: ghee.per100g, grams: 10 },
      ],
      600,
    );
    expect(recipe).toMatchObject({
      per100g: expected,
      state: "cooked",
      own: true,
      cookedGrams: 600,
      pieces: 4,
      portions: [{ label: "piece", grams: 150, own: false }],
      ingredients: [
        { foodId: rice.id, name: rice.name, grams: 200, per100g: rice.per100g },
        { foodId: ghee.id, name: ghee.name, grams: 10, per100g: ghee.per100g },
      ],
    });
    // The energy is the ingredients', summed: (rice kcal × 2 + ghee kcal × 0.1) / 6.
    expect(recipe.per100g.kcal).toBeCloseTo((rice.per100g.kcal * 2 + ghee.per100g.kcal * 0.1) / 6, 2);

    // A new cooked weight spreads the same totals; no pieces, no piece portion.
    const drier = await alice.client.patch(`/api/foods/${recipe.id}`, { cookedGrams: 300, pieces: null });
    expect(drier.status).toBe(200);
    const edited = ((await drier.json()) as { food: ApiFood }).food;
    expect(edited.per100g.protein).toBeCloseTo(expected.protein * 2, 1);
    expect(edited).toMatchObject({ cookedGrams: 300, pieces: null, portions: [] });

    // New ingredients replace the old ones.
    const replaced = await alice.client.patch(`/api/foods/${recipe.id}`, {
      ingredients: [{ foodId: rice.id, grams: 100 }],
    });
    expect(((await replaced.json()) as { food: ApiFood }).food).toMatchObject({
      per100g: recipePer100g([{ per100g: rice.per100g, grams: 100 }], 300),
      ingredients: [{ foodId: rice.id, name: rice.name, grams: 100, per100g: rice.per100g }],
    });
    // A recipe's values come from its ingredients.
    expect(
      await fieldsOf(await alice.client.patch(`/api/foods/${recipe.id}`, { per100g: label(1, 1, 1) })),
    ).toEqual(["per100g"]);
    expect(
      await fieldsOf(
        await alice.client.patch(`/api/foods/${recipe.id}`, {
          ingredients: [{ foodId: recipe.id, grams: 10 }],
        }),
      ),
    ).toEqual(["ingredients.0.foodId"]);
  });

  it("can use the owner's own foods, and keeps their names once they are deleted", async () => {
    const granola = await create(alice, { name: "Test muesli", per100g: label(10, 5, 60) });
    const recipe = await create(alice, {
      name: "Test muesli bowl",
      ingredients: [{ foodId: granola.id, grams: 50 }],
      cookedGrams: 50,
    });
    expect(recipe.per100g).toEqual(granola.per100g);
    expect((await alice.client.delete(`/api/foods/${granola.id}`)).status).toBe(204);
    const got = ((await (await alice.client.get(`/api/foods/${recipe.id}`)).json()) as { food: ApiFood })
      .food;
    expect(got.ingredients).toEqual([{ foodId: null, name: "Test muesli", grams: 50, per100g: null }]);
    expect(got.per100g).toEqual(granola.per100g);
  });

  it("refuses a cooked weight lighter than what the ingredients hold, saying the least", async () => {
    const ghee = await tableFood("Ghee");
    const response = await alice.client.post("/api/foods", {
      name: "Test ghee",
      ingredients: [{ foodId: ghee.id, grams: 100 }],
      cookedGrams: 50,
    });
    const body = (await response.clone().json()) as ApiError;
    expect(await fieldsOf(response)).toEqual(["cookedGrams"]);
    expect(body.error.details?.fields[0]?.message).toMatch(/at least \d+(\.\d)? g/);
  });
});

describe("bad input", () => {
  it("is refused with 400 on the failing field, and stores nothing", async () => {
    const rice = await tableFood("Rice, raw, brown");
    const ok = label(10, 5, 60);
    const recipe = (ingredients: unknown, cookedGrams: unknown = 500) => ({
      name: "Test bad",
      ingredients,
      cookedGrams,
    });
    const cases: [string, unknown, string[]][] = [
      ["ingredient of 0 g", recipe([{ foodId: rice.id, grams: 0 }]), ["ingredients.0.grams"]],
      ["negative grams", recipe([{ foodId: rice.id, grams: -5 }]), ["ingredients.0.grams"]],
      ["absurd grams", recipe([{ foodId: rice.id, grams: 1e9 }]), ["ingredients.0.grams"]],
      ["cooked 0 g", recipe([{ foodId: rice.id, grams: 100 }], 0), ["cookedGrams"]],
      ["no ingredients", recipe([]), ["ingredients"]],
      [
        "200 ingredients",
        recipe(Array.from({ length: 200 }, () => ({ foodId: rice.id, grams: 10 }))),
        ["ingredients"],
      ],
      [
        "unknown ingredient",
        recipe([
          { foodId: rice.id, grams: 10 },
          { foodId: randomUUID(), grams: 10 },
        ]),
        ["ingredients.1.foodId"],
      ],
      ["a name of 10,000 characters", { name: "x".repeat(10_000), per100g: ok }, ["name"]],
      ["an empty name", { name: "  ", per100g: ok }, ["name"]],
      ["negative macros", { name: "Test bad", per100g: { ...ok, fat: -1 } }, ["per100g.fat"]],
      [
        "over 100 g protein",
        { name: "Test bad", per100g: { kcal: 400, protein: 101, fat: 0, carbs: 0 } },
        ["per100g.protein", "per100g"],
      ],
      ["macros over 100 g together", { name: "Test bad", per100g: label(40, 30, 31) }, ["per100g"]],
      [
        "over 950 kcal",
        { name: "Test bad", per100g: { kcal: 951, protein: 0, fat: 100, carbs: 0 } },
        ["per100g.kcal"],
      ],
      [
        "a serving over 100 g of macros per 100 g",
        { name: "Test bad", perServing: label(20, 0, 0), servingGrams: 10 },
        ["perServing.protein", "perServing"],
      ],
      ["a serving without its grams", { name: "Test bad", perServing: ok }, ["servingGrams"]],
      [
        "both label forms",
        { name: "Test bad", per100g: ok, perServing: ok, servingGrams: 30 },
        ["perServing"],
      ],
      ["a label and a recipe", { name: "Test bad", per100g: ok, cookedGrams: 100 }, ["per100g"]],
      ["nothing but a name", { name: "Test bad" }, ["per100g"]],
      ["an unknown field", { name: "Test bad", per100g: ok, fibre: 3 }, [""]],
    ];
    const before = await rowCounts();
    for (const [what, body, paths] of cases) {
      const response = await alice.client.post("/api/foods", body);
      expect(await fieldsOf(response), what).toEqual(paths);
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe("the owner's list", () => {
  it("is their own foods and recipes, the latest made or edited first, and nothing of the table", async () => {
    const carol = await signUp("Carol");
    expect(await search(carol, "own=true")).toEqual([]);
    const first = await create(carol, { name: "Carol's first loaf", per100g: label(6, 10, 50) });
    const second = await create(carol, { name: "Carol's second loaf", per100g: label(6, 10, 50) });
    expect((await search(carol, "own=true")).map((food) => food.id)).toEqual([second.id, first.id]);
    const renamed = await carol.client.patch(`/api/foods/${first.id}`, { name: "Carol's loaf" });
    expect(renamed.status).toBe(200);
    const listed = await search(carol, "own=true&limit=1");
    expect(listed).toEqual([expect.objectContaining({ id: first.id, name: "Carol's loaf", own: true })]);
    expect(await fieldsOf(await carol.client.get("/api/foods?own=true&q=loaf"))).toEqual(["own"]);
    expect(await fieldsOf(await carol.client.get("/api/foods?own=yes"))).toEqual(["own"]);
  });
});

describe("privacy", () => {
  it("another user never sees, edits, deletes, logs or cooks with someone's own food", async () => {
    const own = await create(alice, { name: "Banana test loaf", per100g: label(6, 10, 50) });
    for (const response of [
      await bob.client.get(`/api/foods/${own.id}`),
      await bob.client.patch(`/api/foods/${own.id}`, { name: "Mine now" }),
      await bob.client.delete(`/api/foods/${own.id}`),
      await bob.client.put(`/api/foods/${own.id}/portions`, { label: "slice", grams: 40 }),
    ]) {
      expect(response.status).toBe(404);
    }
    expect((await search(bob, "q=banana%20test%20loaf&limit=50")).map((food) => food.id)).not.toContain(
      own.id,
    );
    expect((await search(alice, "own=true&limit=50")).map((food) => food.id)).toContain(own.id);
    expect((await search(bob, "own=true&limit=50")).map((food) => food.id)).not.toContain(own.id);

    const meal = await bob.client.createMeal({ date: "2026-11-21" });
    const item = { name: "Loaf", grams: 100, ...own.per100g, foodId: own.id };
    expect(await fieldsOf(await addItem(bob, meal.id, item))).toEqual(["foodId"]);
    const banana = await tableFood("Banana");
    const bobsItem = (await (
      await addItem(bob, meal.id, { ...item, foodId: banana.id, name: "Banana" })
    ).json()) as { item: ApiItem };
    expect(
      await fieldsOf(await bob.client.patch(`/api/items/${bobsItem.item.id}`, { foodId: own.id })),
    ).toEqual(["foodId"]);
    expect(
      await fieldsOf(
        await bob.client.post("/api/foods", {
          name: "Bob's loaf",
          ingredients: [{ foodId: own.id, grams: 100 }],
          cookedGrams: 100,
        }),
      ),
    ).toEqual(["ingredients.0.foodId"]);
    // Nor do table foods belong to anyone: 404 to edit.
    expect((await alice.client.patch(`/api/foods/${banana.id}`, { name: "My banana" })).status).toBe(404);
    expect((await alice.client.delete(`/api/foods/${banana.id}`)).status).toBe(404);

    // The owner finds it first, before the table's banana; and among recent foods once eaten.
    const found = await search(alice, "q=banana");
    expect(found[0]?.id).toBe(own.id);
    expect(found.slice(1).every((food) => !food.own)).toBe(true);
    const aliceMeal = await alice.client.createMeal({ date: "2026-11-21" });
    await addItem(alice, aliceMeal.id, { ...item, name: own.name });
    expect((await search(alice, "")).map((food) => food.id)).toContain(own.id);
    expect((await search(bob, "")).map((food) => food.id)).not.toContain(own.id);
  });

  it("deleting a food keeps the items logged with it, their numbers copied", async () => {
    const food = await create(alice, { name: "Test soup", per100g: label(2, 1, 6) });
    const meal = await alice.client.createMeal({ date: "2026-11-22" });
    const response = await addItem(alice, meal.id, {
      name: food.name,
      grams: 250,
      ...macrosForPortion(food.per100g, 250),
      foodId: food.id,
    });
    const { item } = (await response.json()) as { item: ApiItem };
    expect((await alice.client.delete(`/api/foods/${food.id}`)).status).toBe(204);
    expect((await alice.client.delete(`/api/foods/${food.id}`)).status).toBe(404);
    const { items } = (await (await alice.client.get(`/api/meals/${meal.id}`)).json()) as {
      items: ApiItem[];
    };
    expect(items).toEqual([{ ...item, foodId: null }]);
  });
});

describe("household portions", () => {
  it("are the user's own, set and removed, and give an item its grams", async () => {
    const dal = await tableFood("Lentil dal");
    const put = await alice.client.put(`/api/foods/${dal.id}/portions`, { label: "katori", grams: 150 });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { food: ApiFood }).food.portions).toEqual([
      ...dal.portions,
      { label: "katori", grams: 150, own: true },
    ]);
    // Bob sees the food without Alice's portion, and cannot use it.
    const bobsDal = (await search(bob, "q=lentil%20dal")).find((food) => food.id === dal.id);
    expect(bobsDal?.portions).toEqual(dal.portions);

    const meal = await alice.client.createMeal({ date: "2026-11-23" });
    const added = await addItem(alice, meal.id, {
      name: dal.name,
      foodId: dal.id,
      portion: { label: "katori", count: 2 },
    });
    expect(added.status).toBe(201);
    const { item } = (await added.json()) as { item: ApiItem };
    expect(item).toMatchObject({
      grams: 300,
      ...macrosForPortion(dal.per100g, 300),
      portion: { label: "katori", count: 2 },
    });

    const half = await alice.client.patch(`/api/items/${item.id}`, {
      portion: { label: "katori", count: 1.5 },
    });
    const halfItem = ((await half.json()) as { item: ApiItem }).item;
    expect(halfItem).toMatchObject({ grams: 225, portion: { label: "katori", count: 1.5 } });
    // A new portion of the same food scales the item's numbers, like new grams.
    expect(halfItem.kcal).toBe(Math.round(item.kcal * (225 / 300) * 10) / 10);
    expect((await search(alice, "q=lentil%20dal")).find((food) => food.id === dal.id)?.lastPortion).toEqual({
      label: "katori",
      count: 1.5,
    });

    // Grams alone clear the portion; the same label again replaces its grams.
    const grams = (
      (await (await alice.client.patch(`/api/items/${item.id}`, { grams: 100 })).json()) as { item: ApiItem }
    ).item;
    expect(grams).toMatchObject({ grams: 100, portion: null });
    await alice.client.put(`/api/foods/${dal.id}/portions`, { label: "katori", grams: 120 });
    const again = await alice.client.patch(`/api/items/${item.id}`, {
      portion: { label: "katori", count: 1 },
    });
    expect(((await again.json()) as { item: ApiItem }).item.grams).toBe(120);

    // Unknown labels, Bob's use of Alice's portion, counts out of range: 400.
    const portionOf = (label: string, count: number) => ({
      name: dal.name,
      foodId: dal.id,
      portion: { label, count },
    });
    expect(await fieldsOf(await addItem(alice, meal.id, portionOf("bowl", 1)))).toEqual(["portion.label"]);
    const bobsMeal = await bob.client.createMeal({ date: "2026-11-23" });
    expect(await fieldsOf(await addItem(bob, bobsMeal.id, portionOf("katori", 1)))).toEqual([
      "portion.label",
    ]);
    expect(await fieldsOf(await addItem(alice, meal.id, portionOf("katori", 0)))).toEqual(["portion.count"]);
    expect(await fieldsOf(await addItem(alice, meal.id, portionOf("katori", 101)))).toEqual([
      "portion.count",
    ]);
    expect(
      await fieldsOf(await addItem(alice, meal.id, { name: "Dal", portion: { label: "katori", count: 1 } })),
    ).toEqual(["foodId"]);
    expect(
      await fieldsOf(await alice.client.put(`/api/foods/${dal.id}/portions`, { label: "x", grams: 0 })),
    ).toEqual(["grams"]);
    expect(
      await fieldsOf(
        await alice.client.put(`/api/foods/${dal.id}/portions`, { label: "x".repeat(41), grams: 10 }),
      ),
    ).toEqual(["label"]);

    expect((await alice.client.delete(`/api/foods/${dal.id}/portions/katori`)).status).toBe(204);
    expect((await alice.client.delete(`/api/foods/${dal.id}/portions/katori`)).status).toBe(404);
    expect(await fieldsOf(await addItem(alice, meal.id, portionOf("katori", 1)))).toEqual(["portion.label"]);
    // The item logged with it keeps its grams and its portion's name.
    const { items } = (await (await alice.client.get(`/api/meals/${meal.id}`)).json()) as {
      items: ApiItem[];
    };
    expect(items.find((found) => found.id === item.id)).toMatchObject({
      grams: 120,
      portion: { label: "katori", count: 1 },
    });
  });

  it("a recipe's piece is a portion of it", async () => {
    const rice = await tableFood("Rice, raw, brown");
    const recipe = await create(alice, {
      name: "Test rice balls",
      ingredients: [{ foodId: rice.id, grams: 300 }],
      cookedGrams: 900,
      pieces: 12,
    });
    const meal = await alice.client.createMeal({ date: "2026-11-24" });
    const added = await addItem(alice, meal.id, {
      name: recipe.name,
      foodId: recipe.id,
      portion: { label: "piece", count: 3 },
    });
    const { item } = (await added.json()) as { item: ApiItem };
    expect(item).toMatchObject({
      grams: 225,
      ...macrosForPortion(recipe.per100g, 225),
      portion: { label: "piece", count: 3 },
    });

    // Picking the recipe for another item, in pieces: the recipe's macros for those grams.
    const typed = await addItem(alice, meal.id, {
      name: "Rice",
      grams: 100,
      kcal: 1,
      protein: 0,
      fat: 0,
      carbs: 0,
    });
    const { item: other } = (await typed.json()) as { item: ApiItem };
    const picked = await alice.client.patch(`/api/items/${other.id}`, {
      foodId: recipe.id,
      portion: { label: "piece", count: 2 },
    });
    expect(((await picked.json()) as { item: ApiItem }).item).toMatchObject({
      name: recipe.name,
      grams: 150,
      ...macrosForPortion(recipe.per100g, 150),
      foodId: recipe.id,
      portion: { label: "piece", count: 2 },
    });
    // A free-text rename leaves no food to count portions of.
    const renamed = await alice.client.patch(`/api/items/${other.id}`, {
      name: "Rice balls, other",
      portion: { label: "piece", count: 1 },
    });
    expect(await fieldsOf(renamed)).toEqual(["portion"]);
  });
});
