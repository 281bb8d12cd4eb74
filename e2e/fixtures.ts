import { test as base } from "@playwright/test";
import { AuthPage, type Credentials } from "./pages/auth-page";
import { DiaryPage, MealPage, NewMealPage } from "./pages/meal-pages";

/** A fresh user per test, signed in, and the page objects. */
export const test = base.extend<{
  user: Credentials;
  auth: AuthPage;
  newMeal: NewMealPage;
  mealPage: MealPage;
  diary: DiaryPage;
}>({
  auth: async ({ page }, use) => use(new AuthPage(page)),
  user: async ({ auth }, use) => use(await auth.signUp()),
  newMeal: async ({ page }, use) => use(new NewMealPage(page)),
  mealPage: async ({ page }, use) => use(new MealPage(page)),
  diary: async ({ page }, use) => use(new DiaryPage(page)),
});

export { expect } from "@playwright/test";
