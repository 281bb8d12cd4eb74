import { mealFromApi } from "./api";
import { expect, test } from "./fixtures";
import { releaseEverySave } from "./save-gate";

/**
 * The demo recognizer (the e2e server's) makes foods up: the pages say so before the first photo,
 * mark its items as examples on the meal page and in the diary (items, meal, day totals), and keep
 * them out of Add again until the user says what the food is.
 */
test.use({ viewport: { width: 390, height: 844 } });

test("the demo is explained in plain words, its items are marked as examples and stay out of Add again", async ({
  page,
  user,
  newMeal,
  mealPage,
  diary,
}) => {
  expect(user.email).toContain("@");
  const stopReleasing = releaseEverySave();
  try {
    await newMeal.open();
    const notice = page.getByRole("complementary", { name: "This is a demo: foods are examples." });
    await expect(notice).toContainText("It does not look at your photo");
    await notice.getByText("How to recognise real meals").click();
    await expect(notice).toContainText("any service that speaks the OpenAI API");
    await expect(notice).toContainText("Ollama, llama.cpp or vLLM");
    await expect(notice).toContainText("OPENAI_BASE_URL");

    const mealId = await newMeal.addMeal(["breakfast-phone.jpg"]);
    await mealPage.expectStatus(0, /done/i);
    const { meal, items } = (await mealFromApi(page, mealId)) as Awaited<ReturnType<typeof mealFromApi>> & {
      meal: { mealType: string };
      items: { name: string }[];
    };
    const examples = page.getByText(
      "example, made up by the demo recognizer, not recognised from your photo",
    );
    const onMealPage = page.getByRole("list", { name: "Food in this meal" }).getByRole("listitem");
    await expect(onMealPage).toHaveCount(items.length);
    await expect(onMealPage.filter({ has: examples })).toHaveCount(items.length);
    await expect(page.getByText("Total (includes examples)")).toBeVisible();

    await diary.open(meal.date);
    const title = meal.mealType.charAt(0).toUpperCase() + meal.mealType.slice(1);
    const card = page.getByRole("article", { name: title });
    await expect(card.getByText(/^Example foods/)).toBeVisible();
    await expect(card.getByRole("listitem").filter({ has: examples })).toHaveCount(items.length);
    const dayNote = page.getByText(/^These totals include example foods/);
    await expect(dayNote).toBeVisible();

    // Saying what the food is makes it the user's own: no longer an example, offered in Add again.
    await card
      .getByRole("button", { name: `Edit ${items[0]?.name}` })
      .first()
      .click();
    const editor = page.getByRole("dialog", { name: "Edit food" });
    await editor.getByRole("combobox", { name: "Food" }).fill("Idli steamed rice cake");
    // The search's answer moves the form down: save once it is there, as a person would.
    await expect(editor.getByText("No food matches “Idli steamed rice cake”")).toBeVisible();
    // A new name needs its own numbers (typed here), never the example's.
    const numbers = editor.getByRole("group", { name: /Numbers for this portion/ });
    for (const [label, value] of [
      ["Calories (kcal)", "100"],
      ["Protein (g)", "2"],
      ["Fat (g)", "1"],
      ["Carbs (g)", "20"],
    ]) {
      await numbers.getByLabel(label ?? "").fill(value ?? "");
    }
    await editor.getByRole("button", { name: "Save" }).click();
    await expect(editor).toBeHidden();
    await expect(card.getByRole("listitem").filter({ has: examples })).toHaveCount(items.length - 1);
    await expect(card.getByRole("listitem").filter({ hasText: "Idli steamed rice cake" })).not.toContainText(
      "example",
    );

    await card.getByRole("button", { name: `+ Add food to ${title}` }).click();
    const adder = page.getByRole("dialog", { name: new RegExp(`add food to ${title}`, "i") });
    await adder.getByRole("combobox", { name: "Food" }).fill("banana");
    await adder
      .getByRole("option")
      .filter({ hasText: /^Banana/ })
      .first()
      .click();
    await adder.getByRole("button", { name: "Add food", exact: true }).click();
    await expect(adder).toBeHidden();
    await card.getByRole("button", { name: `+ Add food to ${title}` }).click();
    const again = adder.getByRole("group", { name: "Add again" }).getByRole("button");
    await expect(again.first()).toContainText("Banana");
    // Only Banana: the demo's foods, matched to the table as they are, are not offered.
    await expect(again).toHaveCount(1);
    await page.keyboard.press("Escape");

    if (items.length === 1) await expect(dayNote).toBeHidden();
    else await expect(dayNote).toBeVisible();
  } finally {
    stopReleasing();
  }
});
