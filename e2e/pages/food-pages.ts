import { expect, type Locator, type Page } from "@playwright/test";

/** A label's values as the food form takes them. */
export interface LabelValues {
  kcal: number;
  protein: number;
  fat: number;
  carbs: number;
}

/** The food-from-a-label form: on /foods/new, /foods/:id, or in a dialog over Add food (`scope`). */
export class FoodFormPage {
  private readonly scope: Locator;

  constructor(page: Page, scope: Locator = page.locator("main")) {
    this.scope = scope;
  }

  name(): Locator {
    return this.scope.getByLabel("Name", { exact: true });
  }

  async fill(values: LabelValues & { name?: string; servingGrams?: number }): Promise<void> {
    if (values.name !== undefined) await this.name().fill(values.name);
    const basis = values.servingGrams === undefined ? "per 100 g" : "per serving";
    await this.scope
      .getByRole("radio", { name: values.servingGrams === undefined ? "Per 100 g" : "Per serving" })
      .check();
    if (values.servingGrams !== undefined) {
      await this.scope.getByLabel("Serving size (g)").fill(String(values.servingGrams));
    }
    await this.scope.getByLabel(`Calories (kcal) ${basis}`).fill(String(values.kcal));
    await this.scope.getByLabel(`Protein (g) ${basis}`).fill(String(values.protein));
    await this.scope.getByLabel(`Fat (g) ${basis}`).fill(String(values.fat));
    await this.scope.getByLabel(`Carbs (g) ${basis}`).fill(String(values.carbs));
  }

  async create(): Promise<void> {
    await this.scope.getByRole("button", { name: "Create food" }).click();
  }
}

/** The recipe builder: on /foods/new-recipe, /foods/:id, or in a dialog over Add food (`scope`). */
export class RecipeBuilderPage {
  private readonly scope: Locator;

  constructor(page: Page, scope: Locator = page.locator("main")) {
    this.scope = scope;
  }

  name(): Locator {
    return this.scope.getByLabel("Name", { exact: true });
  }

  /** Searches, picks the first food found (expected to be `expected`), and types its raw weight. */
  async addIngredient(query: string, expected: string, grams: number): Promise<void> {
    const search = this.scope.getByRole("combobox", { name: /ingredient/ });
    await search.fill(query);
    const first = this.scope.getByRole("option").first();
    await expect(first).toContainText(expected);
    await first.click();
    // The focus moves to the new row's raw weight.
    const weight = this.ingredientWeight(expected);
    await expect(weight).toBeFocused();
    await weight.fill(String(grams));
  }

  ingredientWeight(name: string): Locator {
    return this.scope.getByLabel(`${name} (g)`, { exact: true });
  }

  cookedWeight(): Locator {
    return this.scope.getByLabel("Cooked weight (g)");
  }

  pieces(): Locator {
    return this.scope.getByLabel("Pieces or servings (optional)");
  }

  /** One line of the live totals: "Per 100 g", "Per piece (110 g)", "Whole recipe". */
  totalsRow(label: string | RegExp): Locator {
    return this.scope.getByRole("region", { name: "Recipe totals" }).locator("p").filter({ hasText: label });
  }

  async submit(label: "Create recipe" | "Save recipe"): Promise<void> {
    await this.scope.getByRole("button", { name: label }).click();
  }
}

/** /foods: the user's own foods and recipes. */
export class MyFoodsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/foods");
    await expect(this.page.getByRole("heading", { name: "My foods", level: 1 })).toBeVisible();
  }

  card(name: string): Locator {
    return this.page
      .getByRole("list", { name: "Your foods and recipes" })
      .getByRole("listitem")
      .filter({ has: this.page.getByRole("heading", { name, exact: true }) });
  }
}
