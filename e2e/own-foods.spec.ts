import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { formatGrams, formatKcal } from "../components/format";
import { expect, test } from "./fixtures";
import { AuthPage } from "./pages/auth-page";
import { FoodFormPage, type LabelValues, MyFoodsPage, RecipeBuilderPage } from "./pages/food-pages";

/**
 * The user's own foods and recipes (issue 31): made from a label or from table foods, found first
 * in search and marked as theirs, used in items, edited, deleted (logged items keep their numbers),
 * and never seen by anyone else. Every nutrition number here is read from the food table through
 * the API at test time, never typed.
 */

const DATE = "2026-11-18";
test.use({ viewport: { width: 390, height: 844 } });

interface ApiFood {
  id: string;
  name: string;
  own: boolean;
  per100g: LabelValues;
  portions: { label: string; grams: number; own: boolean }[];
}

interface ApiItem {
  id: string;
  name: string;
  grams: number;
  kcal: number;
  protein: number;
  foodId: string | null;
}

async function search(page: Page, q: string): Promise<ApiFood[]> {
  const response = await page.request.get(`/api/foods?${new URLSearchParams({ q, limit: "10" })}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { foods: ApiFood[] }).foods;
}

/** The table's first answer to a query: the food a user picks first. */
async function tableFood(page: Page, q: string): Promise<ApiFood> {
  const [food] = (await search(page, q)).filter((found) => !found.own);
  if (!food) throw new Error(`the table has no food for "${q}"`);
  return food;
}

/** A lunch with one hand-added drink, so the diary shows a meal card to add food to. */
async function lunch(page: Page): Promise<string> {
  const created = await page.request.post("/api/meals", {
    data: { clientRequestId: randomUUID(), mealType: "lunch", date: DATE },
  });
  const { meal } = (await created.json()) as { meal: { id: string } };
  const water = { name: "Water", grams: 250, kcal: 0, protein: 0, fat: 0, carbs: 0 };
  expect((await page.request.post(`/api/meals/${meal.id}/items`, { data: water })).status()).toBe(201);
  return meal.id;
}

async function items(page: Page): Promise<ApiItem[]> {
  const diary = (await (await page.request.get(`/api/meals?date=${DATE}`)).json()) as {
    meals: { items: ApiItem[] }[];
  };
  return diary.meals.flatMap((meal) => meal.items);
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** A label for `grams` of a table food, as a packet would print it (one decimal). */
function labelOf(food: ApiFood, grams: number): LabelValues {
  const { kcal, protein, fat, carbs } = food.per100g;
  return {
    kcal: round1((kcal * grams) / 100),
    protein: round1((protein * grams) / 100),
    fat: round1((fat * grams) / 100),
    carbs: round1((carbs * grams) / 100),
  };
}

test("a food from a label per serving: found first in search and marked as yours, then used in an item", async ({
  page,
  user,
}) => {
  expect(user.email).toContain("@");
  await lunch(page);
  const oatmeal = await tableFood(page, "oatmeal");
  const serving = 40;
  const label = labelOf(oatmeal, serving);
  const name = "Oatmeal cup";

  await page.goto("/foods");
  await page.getByRole("link", { name: "Create a food" }).click();
  await expect(page).toHaveURL(/\/foods\/new$/);
  const form = new FoodFormPage(page);
  // Twice the energy its macros give: the server refuses it, and says so next to the calories.
  await form.fill({ name, servingGrams: serving, ...label, kcal: label.kcal * 2 });
  await form.create();
  const kcal = page.getByLabel("Calories (kcal) per serving");
  await expect(kcal).toBeFocused();
  await expect(kcal).toHaveAttribute("aria-invalid", "true");
  await expect(
    page.locator("main").getByText(/does not agree with the protein, fat and carbohydrate/),
  ).toBeVisible();
  await form.fill({ name, servingGrams: serving, ...label });
  // The label's values per 100 g, shown as the user types.
  await expect(page.locator("main p").filter({ hasText: /^Per 100 g/ })).toBeVisible();
  await form.create();
  await expect(page).toHaveURL(/\/foods$/);

  // The API stores it per 100 g, with its serving; the search answers it first, as the user's own.
  const [first] = await search(page, "oatmeal");
  expect(first).toEqual(
    expect.objectContaining({
      name,
      own: true,
      portions: [expect.objectContaining({ label: "serving", grams: serving, own: false })],
    }),
  );
  if (!first) throw new Error("no food");
  expect(first.per100g.kcal).toBeCloseTo((label.kcal * 100) / serving, 1);

  // Add food: it comes first, tagged "Yours"; picked, its values fill the portion.
  await page.goto(`/diary?date=${DATE}`);
  await page.getByRole("button", { name: "+ Add food to Lunch" }).click();
  const dialog = page.getByRole("dialog", { name: /add food to lunch/i });
  await dialog.getByRole("combobox", { name: "Food" }).fill("oatmeal");
  const option = dialog.getByRole("option").first();
  await expect(option).toContainText(name);
  await expect(option).toContainText("Yours");
  await expect(dialog.getByRole("option").filter({ hasText: "Yours" })).toHaveCount(1);
  await option.click();
  await dialog.getByLabel("Portion (g)").fill(String(serving));
  await expect(dialog.getByLabel("Calories (kcal)")).toHaveValue(
    String(Math.round((first.per100g.kcal * serving) / 100)),
  );
  await dialog.getByRole("button", { name: "Add food" }).click();
  await expect(dialog).toBeHidden();
  await expect
    .poll(async () => (await items(page)).find((item) => item.name === name))
    .toEqual(expect.objectContaining({ grams: serving, foodId: first.id }));
});

test("a recipe from two table foods by raw weight, cooked weight and pieces: per 100 g and per piece, edited, deleted (the logged item keeps its numbers), private", async ({
  page,
  browser,
  user,
}) => {
  expect(user.email).toContain("@");
  const mealId = await lunch(page);
  const rice = await tableFood(page, "raw rice");
  const milk = await tableFood(page, "milk");
  const ingredients = [
    { food: rice, grams: 100 },
    { food: milk, grams: 500 },
  ];
  const cooked = 550;
  const pieces = 5;
  /** The recipe's arithmetic (DESIGN §5), from the table's values: the sums over the cooked weight. */
  const per100gAt = (cookedGrams: number) => {
    const per100g = { kcal: 0, protein: 0, fat: 0, carbs: 0 };
    for (const key of ["kcal", "protein", "fat", "carbs"] as const) {
      const sum = ingredients.reduce(
        (total, { food, grams }) => total + (food.per100g[key] * grams) / 100,
        0,
      );
      per100g[key] = round2((sum * 100) / cookedGrams);
    }
    return per100g;
  };
  const name = "Rice kheer (e2e)";

  await page.goto("/foods/new-recipe");
  const builder = new RecipeBuilderPage(page);
  await builder.name().fill(name);
  for (const { food, grams } of ingredients) await builder.addIngredient(food.name, food.name, grams);
  // One too many, removed again: the focus goes back to the search.
  const banana = await tableFood(page, "banana");
  await builder.addIngredient(banana.name, banana.name, 120);
  await page.getByRole("button", { name: `Remove ${banana.name}` }).click();
  await expect(builder.ingredientWeight(banana.name)).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: /ingredient/ })).toBeFocused();
  await builder.cookedWeight().fill(String(cooked));
  await builder.pieces().fill(String(pieces));
  const expected = per100gAt(cooked);
  const pieceGrams = round1(cooked / pieces);
  const perPiece = (kcal: number) => Math.round((kcal * pieceGrams) / 100);
  await expect(builder.totalsRow("Per 100 g")).toContainText(formatKcal(expected.kcal));
  await expect(builder.totalsRow("Per 100 g")).toContainText(`Protein ${formatGrams(expected.protein)}`);
  await expect(builder.totalsRow("Per 100 g")).toContainText(`Fat ${formatGrams(expected.fat)}`);
  await expect(builder.totalsRow("Per 100 g")).toContainText(`Carbs ${formatGrams(expected.carbs)}`);
  await expect(builder.totalsRow(`Per piece (${pieceGrams} g)`)).toContainText(
    formatKcal(perPiece(expected.kcal)),
  );
  await builder.submit("Create recipe");
  await expect(page).toHaveURL(/\/foods$/);

  const [recipe] = (await search(page, "kheer")).filter((food) => food.own);
  if (!recipe) throw new Error("the recipe is not found");
  for (const key of ["kcal", "protein", "fat", "carbs"] as const) {
    expect(recipe.per100g[key]).toBeCloseTo(expected[key], 2);
  }
  expect(recipe.portions).toEqual([expect.objectContaining({ label: "piece", grams: pieceGrams })]);

  // One piece logged.
  const logged = await page.request.post(`/api/meals/${mealId}/items`, {
    data: { name, foodId: recipe.id, portion: { label: "piece", count: 1 } },
  });
  expect(logged.status()).toBe(201);
  const before = (await items(page)).find((item) => item.foodId === recipe.id);
  expect(before).toEqual(expect.objectContaining({ grams: pieceGrams, kcal: perPiece(recipe.per100g.kcal) }));

  // Someone else neither finds it nor opens it.
  const otherContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const other = await otherContext.newPage();
  await new AuthPage(other).signUp();
  expect((await search(other, "kheer")).filter((food) => food.id === recipe.id)).toEqual([]);
  expect((await other.request.get(`/api/foods/${recipe.id}`)).status()).toBe(404);
  await other.goto(`/foods/${recipe.id}`);
  await expect(other.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(other.getByText(name)).toHaveCount(0);
  await otherContext.close();

  // Edit: the builder opens with its ingredients; a new cooked weight changes the values per 100 g.
  await page.goto(`/foods/${recipe.id}`);
  await expect(page.getByRole("heading", { name: "Edit recipe" })).toBeVisible();
  await expect(builder.name()).toHaveValue(name);
  await expect(builder.ingredientWeight(rice.name)).toHaveValue("100");
  await expect(builder.ingredientWeight(milk.name)).toHaveValue("500");
  await expect(builder.totalsRow("Per 100 g")).toContainText(formatKcal(expected.kcal));
  const recooked = 500;
  const edited = per100gAt(recooked);
  await builder.cookedWeight().fill(String(recooked));
  await expect(builder.totalsRow("Per 100 g")).toContainText(formatKcal(edited.kcal));
  await builder.submit("Save recipe");
  await expect(page).toHaveURL(/\/foods$/);
  const saved = (await (await page.request.get(`/api/foods/${recipe.id}`)).json()) as { food: ApiFood };
  expect(saved.food.per100g.kcal).toBeCloseTo(edited.kcal, 2);
  expect(saved.food.portions).toEqual([
    expect.objectContaining({ label: "piece", grams: round1(recooked / pieces) }),
  ]);

  // Delete, after a confirmation that says logged meals keep their numbers.
  await page.goto(`/foods/${recipe.id}`);
  await page.getByRole("button", { name: "Delete recipe" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete this recipe?" });
  await expect(confirm).toContainText("Meals you already logged with it keep their calories and macros");
  await confirm.getByRole("button", { name: "Delete recipe" }).click();
  await expect(page).toHaveURL(/\/foods$/);
  expect((await page.request.get(`/api/foods/${recipe.id}`)).status()).toBe(404);
  const after = (await items(page)).find((item) => item.id === before?.id);
  expect(after).toEqual(
    expect.objectContaining({
      grams: before?.grams,
      kcal: before?.kcal,
      protein: before?.protein,
      foodId: null,
    }),
  );
});

test("a name typed and left at once still gets its answer: 'No food matches' and the create actions, not the recent foods' answer", async ({
  page,
  user,
}) => {
  expect(user.email).toContain("@");
  const mealId = await lunch(page);
  // A recent food, so that the answer for an empty name (the recent foods) is not empty too.
  const banana = await tableFood(page, "banana");
  const eaten = { name: banana.name, grams: 100, ...banana.per100g, foodId: banana.id };
  expect((await page.request.post(`/api/meals/${mealId}/items`, { data: eaten })).status()).toBe(201);
  await page.goto(`/diary?date=${DATE}`);
  await page.getByRole("button", { name: "+ Add food to Lunch" }).click();
  const dialog = page.getByRole("dialog", { name: /add food to lunch/i });
  const field = dialog.getByRole("combobox", { name: "Food" });
  await field.fill("idli");
  await field.press("Tab"); // away before the search (debounced) has even started
  const status = dialog.getByRole("status").filter({ hasText: "No food matches “idli”" });
  await expect(status.getByRole("button", { name: "Create a food" })).toBeVisible();
});

test("'idli' finds nothing: the empty answer offers to create a food or a recipe named so, and the new food is picked in Add food", async ({
  page,
  user,
}) => {
  expect(user.email).toContain("@");
  await lunch(page);
  const rice = await tableFood(page, "rice");
  await page.goto(`/diary?date=${DATE}`);
  await page.getByRole("button", { name: "+ Add food to Lunch" }).click();
  const dialog = page.getByRole("dialog", { name: /add food to lunch/i });
  const field = dialog.getByRole("combobox", { name: "Food" });
  await field.fill("idli");
  const status = dialog.getByRole("status").filter({ hasText: "No food matches “idli”" });
  await expect(status).toBeVisible();

  // A recipe: the builder opens over Add food, named "idli"; Cancel comes back with nothing lost.
  await status.getByRole("button", { name: "Create a recipe" }).click();
  const recipeDialog = page.getByRole("dialog", { name: "New recipe" });
  await expect(new RecipeBuilderPage(page, recipeDialog).name()).toHaveValue("idli");
  await recipeDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(recipeDialog).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(field).toHaveValue("idli");

  // A food: made from its label, then picked in Add food with its values.
  await status.getByRole("button", { name: "Create a food" }).click();
  const foodDialog = page.getByRole("dialog", { name: "New food" });
  const form = new FoodFormPage(page, foodDialog);
  await expect(form.name()).toHaveValue("idli");
  await form.fill(rice.per100g);
  await form.create();
  await expect(foodDialog).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(field).toBeFocused();
  await expect(field).toHaveValue("idli");
  await expect(dialog.getByLabel("Calories (kcal)")).toHaveValue(String(Math.round(rice.per100g.kcal)));
  await dialog.getByRole("button", { name: "Add food" }).click();
  await expect(dialog).toBeHidden();
  const [idli] = (await search(page, "idli")).filter((food) => food.own);
  await expect
    .poll(async () => (await items(page)).find((item) => item.name === "idli"))
    .toEqual(expect.objectContaining({ grams: 100, foodId: idli?.id }));
});

test("My foods lists the user's own foods and recipes per 100 g and per piece or serving, to edit and delete", async ({
  page,
  user,
}) => {
  expect(user.email).toContain("@");
  const oatmeal = await tableFood(page, "oatmeal");
  const rice = await tableFood(page, "raw rice");
  const label = labelOf(oatmeal, 40);
  const food = await page.request.post("/api/foods", {
    data: { name: "Oatmeal cup (e2e)", perServing: label, servingGrams: 40 },
  });
  expect(food.status()).toBe(201);
  const recipe = await page.request.post("/api/foods", {
    data: {
      name: "Rice bowl (e2e)",
      ingredients: [{ foodId: rice.id, grams: 100 }],
      cookedGrams: 300,
      pieces: 3,
    },
  });
  expect(recipe.status()).toBe(201);
  const saved = ((await recipe.json()) as { food: ApiFood }).food;

  const foods = new MyFoodsPage(page);
  await foods.open();
  await expect(foods.card("Oatmeal cup (e2e)")).toContainText("Per serving (40 g)");
  const card = foods.card("Rice bowl (e2e)");
  await expect(card).toContainText("Recipe");
  await expect(card).toContainText(formatKcal(saved.per100g.kcal));
  await expect(card).toContainText("Per piece (100 g)");
  await card.getByRole("link", { name: "Edit Rice bowl (e2e)" }).click();
  await expect(page.getByRole("heading", { name: "Edit recipe" })).toBeVisible();
  await foods.open();
  await card.getByRole("button", { name: "Delete Rice bowl (e2e)" }).click();
  await page
    .getByRole("dialog", { name: "Delete this recipe?" })
    .getByRole("button", { name: "Delete recipe" })
    .click();
  await expect(card).toHaveCount(0);
  await expect(foods.card("Oatmeal cup (e2e)")).toBeVisible();
});
