import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { mealFromApi } from "./api";
import { expect, test } from "./fixtures";
import { releaseEverySave } from "./save-gate";

/**
 * Issue 31: a recognised item renamed to a name with no food does not keep its numbers silently
 * (Save asks for a food or the numbers), and household portions ("2 × roti") beside grams, the
 * last one used being the default.
 */
test.use({ viewport: { width: 390, height: 844 } });

const DATE = "2026-11-19";

interface ApiItem {
  id: string;
  name: string;
  grams: number;
  kcal: number;
  protein: number;
  fat: number;
  carbs: number;
  foodId: string | null;
  portion: { label: string; count: number } | null;
}

async function itemsOf(page: Page, mealId: string): Promise<ApiItem[]> {
  return ((await mealFromApi(page, mealId)) as unknown as { items: ApiItem[] }).items;
}

test("a recognised item renamed to a name with no food needs a food or its numbers, and saves exactly the numbers entered", async ({
  page,
  user,
  newMeal,
  mealPage,
  diary,
}) => {
  expect(user.email).toContain("@");
  const stopReleasing = releaseEverySave();
  try {
    const mealId = await newMeal.addMeal(["breakfast-phone.jpg"]);
    await mealPage.expectStatus(0, /done/i);
    const { meal } = (await mealFromApi(page, mealId)) as unknown as {
      meal: { date: string; mealType: string };
    };
    const [first] = await itemsOf(page, mealId);
    if (!first) throw new Error("the photo was recognised without items");

    await diary.open(meal.date);
    const title = meal.mealType.charAt(0).toUpperCase() + meal.mealType.slice(1);
    const card = page.getByRole("article", { name: title });
    await card
      .getByRole("button", { name: `Edit ${first.name}` })
      .first()
      .click();
    const editor = page.getByRole("dialog", { name: "Edit food" });
    await editor.getByRole("combobox", { name: "Food" }).fill("Zzqx homemade dish");
    await expect(editor.getByText("No food matches “Zzqx homemade dish”")).toBeVisible();
    const numbers = editor.getByRole("group", { name: "Numbers for this portion of “Zzqx homemade dish”" });
    await expect(numbers).toContainText(`The numbers of ${first.name} are not kept for a new name`);
    // The old numbers are not carried over: the fields are empty, and Save asks for them.
    await expect(numbers.getByLabel("Calories (kcal)")).toHaveValue("");
    await editor.getByRole("button", { name: "Save" }).click();
    await expect(editor).toBeVisible();
    await expect(numbers.getByLabel("Calories (kcal)")).toHaveAccessibleDescription("Enter a number.");
    expect((await itemsOf(page, mealId)).find((item) => item.id === first.id)).toMatchObject({
      name: first.name,
      kcal: first.kcal,
    });

    // Numbers typed by the user (made up for the test) are saved exactly.
    const typed = { kcal: "123", protein: "4.5", fat: "6", carbs: "7.8" };
    await numbers.getByLabel("Calories (kcal)").fill(typed.kcal);
    await numbers.getByLabel("Protein (g)").fill(typed.protein);
    await numbers.getByLabel("Fat (g)").fill(typed.fat);
    await numbers.getByLabel("Carbs (g)").fill(typed.carbs);
    await expect(editor.getByText("123 kcal")).toBeVisible(); // the preview follows
    await editor.getByRole("button", { name: "Save" }).click();
    await expect(editor).toBeHidden();
    await expect
      .poll(async () => (await itemsOf(page, mealId)).find((item) => item.id === first.id))
      .toMatchObject({
        name: "Zzqx homemade dish",
        grams: first.grams,
        kcal: 123,
        protein: 4.5,
        fat: 6,
        carbs: 7.8,
        foodId: null,
      });
    const renamed = card.getByRole("listitem").filter({ hasText: "Zzqx homemade dish" });
    await expect(renamed).toContainText("123 kcal");
    await expect(renamed).not.toContainText("Estimate from the photo");
  } finally {
    stopReleasing();
  }
});

test("the portion picker: 2 × a food's portion, the user's own portion, and the last one as the default", async ({
  page,
  user,
}) => {
  expect(user.email).toContain("@");
  // A food of the user's own with a portion (made-up numbers that agree with the energy check).
  const per100g = { kcal: 332, protein: 10, fat: 10, carbs: 50 };
  const created = await page.request.post("/api/foods", { data: { name: "Test flatbread", per100g } });
  expect(created.status()).toBe(201);
  const { food } = (await created.json()) as { food: { id: string } };
  const portion = await page.request.put(`/api/foods/${food.id}/portions`, {
    data: { label: "roti", grams: 40 },
  });
  expect(portion.status()).toBe(200);
  const lunch = await page.request.post("/api/meals", {
    data: { clientRequestId: randomUUID(), mealType: "lunch", date: DATE },
  });
  const { meal } = (await lunch.json()) as { meal: { id: string } };
  const water = { name: "Water", grams: 250, kcal: 0, protein: 0, fat: 0, carbs: 0 };
  expect((await page.request.post(`/api/meals/${meal.id}/items`, { data: water })).status()).toBe(201);

  await page.goto(`/diary?date=${DATE}`);
  await page.getByRole("button", { name: "+ Add food to Lunch" }).click();
  const adder = page.getByRole("dialog", { name: /add food to lunch/i });
  await adder.getByRole("combobox", { name: "Food" }).fill("test flatbread");
  await adder.getByRole("option").filter({ hasText: "Test flatbread" }).first().click();
  const unit = adder.getByLabel("Unit");
  await expect(unit).toHaveValue(""); // grams: no portion used yet
  await unit.selectOption({ label: "roti (40 g), yours" });
  await adder.getByLabel("How many").fill("2");
  await expect(adder.getByText("2 × roti (80 g)")).toBeVisible();
  await expect(adder.getByLabel("Calories (kcal)")).toHaveValue(String(Math.round(per100g.kcal * 0.8)));
  await expect(adder.getByLabel("Protein (g)")).toHaveValue(String(per100g.protein * 0.8));
  await adder.getByRole("button", { name: "Add food", exact: true }).click();
  await expect(adder).toBeHidden();
  await expect
    .poll(async () => (await itemsOf(page, meal.id)).find((item) => item.name === "Test flatbread"))
    .toMatchObject({ grams: 80, kcal: Math.round(per100g.kcal * 0.8), portion: { label: "roti", count: 2 } });
  const card = page.getByRole("article", { name: "Lunch" });
  await expect(card.getByRole("listitem").filter({ hasText: "Test flatbread" })).toContainText(
    "2 × roti (80 g)",
  );

  // Reopened, the item shows its portion; the user's own "katori" is added and chosen there.
  await card.getByRole("button", { name: "Edit Test flatbread" }).click();
  const editor = page.getByRole("dialog", { name: "Edit food" });
  await expect(editor.getByLabel("Unit")).toHaveValue("roti");
  await expect(editor.getByLabel("How many")).toHaveValue("2");
  await editor.getByRole("button", { name: "Add a portion…" }).click();
  const adding = editor.getByRole("group", { name: "Your own portion of Test flatbread" });
  await adding.getByLabel("Portion name").fill("katori");
  await adding.getByLabel("Grams in one").fill("150");
  await adding.getByRole("button", { name: "Save portion" }).click();
  await expect(editor.getByLabel("Unit")).toHaveValue("katori");
  await expect(editor.getByText("1 × katori (150 g)")).toBeVisible();
  // The item's numbers scale with its grams, to 0.1 like the server (PATCH with a portion).
  const twoRotis = Math.round(per100g.kcal * 0.8);
  const katori = Math.round(twoRotis * (150 / 80) * 10) / 10;
  await expect(editor.getByText(`${Math.round(katori)} kcal`)).toBeVisible();
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor).toBeHidden();
  await expect
    .poll(async () => (await itemsOf(page, meal.id)).find((item) => item.name === "Test flatbread"))
    .toMatchObject({
      grams: 150,
      kcal: katori,
      portion: { label: "katori", count: 1 },
    });

  // Adding it again, the last portion used is the default, in Add again too.
  await page.getByRole("button", { name: "+ Add food to Lunch" }).click();
  await expect(
    adder
      .getByRole("group", { name: "Add again" })
      .getByRole("button", { name: "Test flatbread · 1 × katori (150 g)" }),
  ).toBeVisible();
  await adder.getByRole("combobox", { name: "Food" }).fill("test flatbread");
  await adder.getByRole("option").filter({ hasText: "Test flatbread" }).first().click();
  await expect(adder.getByLabel("Unit")).toHaveValue("katori");
  await expect(adder.getByLabel("How many")).toHaveValue("1");
  await expect(adder.getByText("1 × katori (150 g)", { exact: true })).toBeVisible();
});
