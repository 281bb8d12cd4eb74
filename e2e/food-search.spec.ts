import { randomUUID } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const DATE = "2026-11-18";
test.use({ viewport: { width: 390, height: 844 } });

interface ApiItem {
  name: string;
  grams: number;
  kcal: number;
  foodId: string | null;
}

/** A lunch with one hand-added drink, so the diary shows a meal card to add food to. */
async function lunchWithWater(page: Page): Promise<void> {
  const created = await page.request.post("/api/meals", {
    data: { clientRequestId: randomUUID(), mealType: "lunch", date: DATE },
  });
  const { meal } = (await created.json()) as { meal: { id: string } };
  const water = { name: "Water", grams: 250, kcal: 0, protein: 0, fat: 0, carbs: 0 };
  expect((await page.request.post(`/api/meals/${meal.id}/items`, { data: water })).status()).toBe(201);
}

async function apiItems(page: Page): Promise<ApiItem[]> {
  const diary = (await (await page.request.get(`/api/meals?date=${DATE}`)).json()) as {
    meals: { items: ApiItem[] }[];
  };
  return diary.meals.flatMap((meal) => meal.items);
}

/** Keyboard only: focus the control (as Tab would) and press Enter. */
async function press(control: Locator): Promise<void> {
  await control.focus();
  await control.press("Enter");
}

test("adds a food found by a misspelt search, rescales it, adds it again from the recent foods (and in one tap), and renames it by search and by hand", async ({
  page,
  user,
}) => {
  expect(user.email).toContain("@");
  await lunchWithWater(page);
  await page.goto(`/diary?date=${DATE}`);

  // Add: a misspelt search, ↓ and Enter pick the first food; name and macros are filled in.
  await press(page.getByRole("button", { name: "+ Add food to Lunch" }));
  const dialog = page.getByRole("dialog", { name: /add food to lunch/i });
  const search = dialog.getByRole("combobox", { name: "Food" });
  await search.focus();
  await page.keyboard.type("chiken brest");
  const options = dialog.getByRole("listbox", { name: "Foods matching the name" }).getByRole("option");
  await expect(options.first()).toContainText("Roast chicken breast");
  await page.keyboard.press("ArrowDown");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await expect(search).toHaveAttribute(
    "aria-activedescendant",
    (await options.first().getAttribute("id")) ?? "",
  );
  await page.keyboard.press("Enter");
  await expect(search).toHaveValue("Roast chicken breast");
  await expect(search).toHaveAttribute("aria-expanded", "false");
  const grams = dialog.getByLabel("Portion (g)");
  const kcal = dialog.getByLabel("Calories (kcal)");
  await expect(grams).toHaveValue("100");
  await expect(kcal).toHaveValue("165");
  await expect(dialog.getByLabel("Protein (g)")).toHaveValue("31");

  // A new portion rescales the macros; the numbers stay editable.
  await page.keyboard.press("Tab");
  await expect(grams).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("150");
  await expect(kcal).toHaveValue("248");
  await expect(dialog.getByLabel("Protein (g)")).toHaveValue("46.5");
  // Past the unit and "Add a portion…" to the numbers.
  await kcal.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("250");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  const lunch = page.getByRole("list", { name: "Food in Lunch" });
  await expect(lunch).toContainText("Roast chicken breast");
  await expect
    .poll(async () => (await apiItems(page)).find((item) => item.name === "Roast chicken breast"))
    .toEqual(expect.objectContaining({ grams: 150, kcal: 250, foodId: expect.any(String) }));

  // Again: the empty search offers the user's recent foods first, with the last portion.
  await press(page.getByRole("button", { name: "+ Add food to Lunch" }));
  await search.focus();
  const recent = dialog.getByRole("listbox", { name: "Your recent foods" }).getByRole("option");
  await expect(recent.first()).toContainText("Roast chicken breast");
  await expect(recent.first()).toContainText("150 g last time");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(grams).toHaveValue("150");
  await expect(kcal).toHaveValue("248");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await apiItems(page)).length).toBe(3);

  // One tap adds a recent food again at its last portion.
  await press(page.getByRole("button", { name: "+ Add food to Lunch" }));
  await press(
    dialog
      .getByRole("group", { name: "Add again" })
      .getByRole("button", { name: /Roast chicken breast · 150 g/ }),
  );
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await apiItems(page)).filter((item) => item.kcal === 248)).toHaveLength(2);

  // Edit: renaming through the search to another food takes its macros for the same portion.
  await press(lunch.getByRole("button", { name: /Edit Roast chicken breast/ }).first());
  const editor = page.getByRole("dialog", { name: "Edit food" });
  const editSearch = editor.getByRole("combobox", { name: "Food" });
  await editSearch.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("bananna");
  await expect(editor.getByRole("option").first()).toContainText("Banana");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(editSearch).toHaveValue("Banana");
  await expect(editor.getByText(/from USDA SR24 for the portion/)).toBeVisible();
  await expect(editor.getByText("134 kcal")).toBeVisible(); // 89 kcal per 100 g × 150 g
  await page.keyboard.press("Enter");
  await expect(editor).toBeHidden();
  await expect(lunch).toContainText("Banana");
  await expect
    .poll(async () => (await apiItems(page)).find((item) => item.name === "Banana"))
    .toEqual(expect.objectContaining({ grams: 150, kcal: 134, foodId: expect.any(String) }));

  // A name typed by hand needs its numbers: Save asks for them; the old ones only when confirmed.
  await press(lunch.getByRole("button", { name: /Edit Banana/ }));
  await editSearch.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("Plantain chips");
  await expect(editor.getByText(/A new name needs its numbers/)).toBeVisible();
  await expect(editSearch).toHaveAttribute("aria-expanded", "true"); // "Plantain, green" and others
  await page.keyboard.press("Escape"); // closes the list, not the dialog
  await expect(editSearch).toHaveAttribute("aria-expanded", "false");
  await expect(editor).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(editor).toBeVisible();
  await expect(editor.getByLabel("Calories (kcal)")).toHaveAccessibleDescription("Enter a number.");
  await press(editor.getByRole("button", { name: "Use the numbers of Banana" }));
  await expect(editor.getByLabel("Calories (kcal)")).toHaveValue("134");
  await press(editor.getByRole("button", { name: "Save" }));
  await expect(editor).toBeHidden();
  await expect
    .poll(async () => (await apiItems(page)).find((item) => item.name === "Plantain chips"))
    .toEqual(expect.objectContaining({ grams: 150, kcal: 134, foodId: null }));
});

test("says plainly when a food's energy is derived from its macros (IFCT gives none for ghee)", async ({
  page,
  user,
}) => {
  expect(user.email).toContain("@");
  await lunchWithWater(page);
  await page.goto(`/diary?date=${DATE}`);

  await press(page.getByRole("button", { name: "+ Add food to Lunch" }));
  const dialog = page.getByRole("dialog", { name: /add food to lunch/i });
  const search = dialog.getByRole("combobox", { name: "Food" });
  await search.focus();
  await page.keyboard.type("ghee");
  const ghee = dialog.getByRole("option").first();
  await expect(ghee).toContainText("Ghee");
  await expect(ghee).toContainText("884 kcal/100 g");
  await expect(ghee).toContainText("IFCT 2017 · kcal derived from macros");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(search).toHaveValue("Ghee");
  await expect(dialog.getByLabel("Calories (kcal)")).toHaveValue("884");
  await expect(search).toHaveAccessibleDescription(
    /IFCT 2017 gives no energy for this food: its kcal are derived from its protein, fat and carbohydrate/,
  );
});

test("finds a food by its local name and says which, and answers a name with no food honestly, keeping it as typed", async ({
  page,
  user,
}) => {
  expect(user.email).toContain("@"); // signed in
  await lunchWithWater(page);
  await page.goto(`/diary?date=${DATE}`);
  await press(page.getByRole("button", { name: "+ Add food to Lunch" }));
  const dialog = page.getByRole("dialog", { name: /add food to lunch/i });
  const search = dialog.getByRole("combobox", { name: "Food" });

  // Hindi "aloo": the potatoes, each saying the name it was found by; never Aluva, a fish.
  await search.focus();
  await page.keyboard.type("aloo");
  const options = dialog.getByRole("listbox", { name: "Foods matching the name" }).getByRole("option");
  await expect(options.first()).toContainText("Potato");
  await expect(options.first()).toContainText("Also called Aloo");
  await expect(dialog.getByRole("listbox").getByText(/Aluva/)).toHaveCount(0);

  // "idli" is not in the table: no list, a visible answer in the field's status, the name kept.
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("idli");
  const status = dialog.getByRole("status").filter({ hasText: "No food matches" });
  await expect(status).toContainText("No food matches “idli”");
  await expect(status).toContainText("enter its calories and macros below");
  await expect(search).toHaveAttribute("aria-expanded", "false");
  await expect(search).toHaveAttribute(
    "aria-describedby",
    new RegExp(`${(await status.getAttribute("id")) ?? ""}`),
  );
  await dialog.getByLabel("Portion (g)").fill("100");
  await dialog.getByLabel("Calories (kcal)").fill("130");
  await dialog.getByLabel("Calories (kcal)").press("Enter");
  await expect(dialog).toBeHidden();
  await expect
    .poll(async () => (await apiItems(page)).find((item) => item.name === "idli"))
    .toEqual(expect.objectContaining({ grams: 100, kcal: 130, foodId: null }));
});
