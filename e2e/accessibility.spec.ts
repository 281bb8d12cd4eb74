import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { photosOf } from "./api";
import { expect, test } from "./fixtures";
import { AuthPage, adminCredentials } from "./pages/auth-page";
import { RecipeBuilderPage } from "./pages/food-pages";
import { MealPage, NewMealPage } from "./pages/meal-pages";
import { expectSaveWaiting, releaseSave, waitingSaves } from "./save-gate";

/**
 * WCAG 2.1 AA with axe on every main page state, at phone and desktop width, in the light and the
 * dark colour scheme. One test per width and scheme walks the states and reports every violation
 * at once, so a run shows the whole picture.
 */

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

test.afterEach(async () => {
  for (const key of await waitingSaves()) await releaseSave(key.slice(0, 36), Number(key.slice(37)));
});

/** What axe found on one state, one line per rule with the elements it names. */
async function violationsOf(page: Page, state: string): Promise<string[]> {
  // Let transitions and fade-ins settle: axe reads the colours as painted.
  await page.waitForTimeout(400);
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return violations.map(
    (violation) =>
      `${state}: ${violation.id} (${violation.impact}) ${violation.nodes
        .map((node) => node.target.join(" "))
        .join(", ")}`,
  );
}

const widths = [
  { name: "phone", viewport: { width: 390, height: 844 } },
  { name: "desktop", viewport: { width: 1280, height: 900 } },
] as const;

for (const { name: width, viewport } of widths) {
  for (const colorScheme of ["light", "dark"] as const) {
    test.describe(`${width}, ${colorScheme}`, () => {
      test.use({ viewport, colorScheme });

      test(`axe finds no WCAG 2.1 AA violation on the main page states (${width}, ${colorScheme})`, async ({
        page,
        browser,
      }) => {
        test.setTimeout(180_000);
        const found: string[] = [];
        const check = async (state: string) => found.push(...(await violationsOf(page, state)));
        const auth = new AuthPage(page);
        const newMeal = new NewMealPage(page);
        const mealPage = new MealPage(page);

        await page.goto("/sign-in");
        await expect(page.getByRole("button", { name: /sign in/i })).toBeVisible();
        await check("sign-in");

        await auth.signUp();
        await expect(page.getByText(/no meals yet/i)).toBeVisible();
        await check("diary, empty");

        await newMeal.open();
        await expect(page.getByRole("button", { name: "Save meal" })).toBeEnabled();
        await check("add-meal form, empty");
        await newMeal.choosePhotos(["salad.png", "salad-2.jpg"]);
        await expect(page.getByRole("button", { name: "Save meal with 2 photos" })).toBeEnabled();
        await check("add-meal form, photos picked");

        // Uploads hang until Cancel aborts them.
        await page.route("**/api/meals/*/photos", () => {});
        await newMeal.submit();
        await expect(page.getByRole("button", { name: /^cancel$/i })).toBeVisible();
        await check("add-meal form, uploading");
        await newMeal.cancelAtOnce();
        await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
        await check("add-meal form, upload stopped");
        await page.unroute("**/api/meals/*/photos");

        // A meal held before its save: recognising, then the leave question.
        const held = await newMeal.addMeal(["salad.png"]);
        const [heldPhoto] = await photosOf(page, held, 1);
        if (!heldPhoto) throw new Error("no photo");
        await expectSaveWaiting(heldPhoto.id);
        await check("meal page, recognising");
        await page.getByRole("navigation").getByRole("link", { name: "Diary", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: /keep recognising/i });
        await expect(dialog).toBeVisible();
        await check("leave dialog");
        await dialog.getByRole("button", { name: "Keep recognising" }).click();
        await expect(page).toHaveURL(/\/diary/);

        await page.goto(`/meals/${held}`);
        await releaseSave(heldPhoto.id);
        await mealPage.expectStatus(0, /done/i);
        await check("meal page, complete");

        // A second meal, stopped by Cancel.
        const stopped = await newMeal.addMeal(["salad-2.jpg"]);
        const [stoppedPhoto] = await photosOf(page, stopped, 1);
        if (!stoppedPhoto) throw new Error("no photo");
        await expectSaveWaiting(stoppedPhoto.id);
        await mealPage.cancel();
        await expect(mealPage.summary()).toHaveText(/^You stopped recognition\./);
        await check("meal page, stopped");
        await releaseSave(stoppedPhoto.id);

        await page.goto("/diary");
        await expect(page.locator("main img[src^='/api/photos/']")).toHaveCount(1);
        await expect(page.getByRole("region", { name: "Stopped" })).toBeVisible();
        await check("diary, a meal and the Stopped strip");

        // An item deleted, Undo on offer in the toast (the last diary state: whether Undo is still
        // there after axe has looked does not matter).
        await page
          .getByRole("list", { name: /^Food in / })
          .getByRole("button")
          .first()
          .click();
        await page
          .getByRole("dialog", { name: "Edit food" })
          .getByRole("button", { name: "Delete item" })
          .click();
        await expect(page.getByRole("button", { name: "Undo" })).toBeVisible();
        await check("diary, an item deleted with Undo");

        await page.goto("/account");
        await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();
        await check("account");

        // The user's own foods: the list, a label refused, the recipe builder with two ingredients,
        // and a search that finds nothing offering to create one.
        await page.goto("/foods");
        await expect(page.getByRole("heading", { name: "My foods", level: 1 })).toBeVisible();
        await check("my foods");
        await page.goto("/foods/new?name=idli");
        await page.getByRole("button", { name: "Create food" }).click();
        await expect(page.getByLabel("Calories (kcal) per 100 g")).toBeFocused();
        await check("new food, refused");
        await page.goto("/foods/new-recipe");
        const builder = new RecipeBuilderPage(page);
        await builder.name().fill("Kheer");
        for (const [query, grams] of [
          ["raw rice", 100],
          ["milk", 500],
        ] as const) {
          const answer = await page.request.get(`/api/foods?${new URLSearchParams({ q: query })}`);
          const [food] = ((await answer.json()) as { foods: { name: string }[] }).foods;
          await builder.addIngredient(food?.name ?? query, food?.name ?? query, grams);
        }
        await builder.cookedWeight().fill("550");
        await builder.pieces().fill("5");
        await expect(builder.totalsRow("Per 100 g")).toBeVisible();
        await check("recipe builder, two ingredients");
        await page.goto("/diary");
        await page
          .getByRole("button", { name: /^\+ Add food to / })
          .first()
          .click();
        await page.getByRole("dialog").getByRole("combobox", { name: "Food" }).fill("idli");
        await expect(page.getByRole("button", { name: "Create a recipe" })).toBeVisible();
        await check("add food, no match: create a food or a recipe");

        const adminContext = await browser.newContext({ viewport, colorScheme });
        const admin = await adminContext.newPage();
        await new AuthPage(admin).signIn(adminCredentials());
        await expect(admin).not.toHaveURL(/sign-in/);
        await admin.goto("/admin/cancel-audit");
        await expect(admin.getByRole("table").first()).toBeVisible();
        found.push(...(await violationsOf(admin, "admin cancel audit")));
        await adminContext.close();

        expect(found).toEqual([]);
      });
    });
  }
}
