import { readFile } from "node:fs/promises";
import { expect, type Page } from "@playwright/test";

/** Reads through the real API with the page's session, to check what the screens claim. */

export interface ApiPhoto {
  id: string;
  status: string;
  attempt: number;
}

export interface ApiMeal {
  meal: { id: string; status: string; date: string };
  photos: ApiPhoto[];
  items: { photoId: string | null; kcal: number }[];
}

export async function mealFromApi(page: Page, mealId: string): Promise<ApiMeal> {
  const response = await page.request.get(`/api/meals/${mealId}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as ApiMeal;
}

export async function diaryFromApi(page: Page, date: string) {
  const response = await page.request.get(`/api/meals?date=${date}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as {
    meals: { id: string; photos: { id: string }[]; items: { photoId: string | null }[] }[];
    totals: { kcal: number };
    goals: { kcal: number };
  };
}

/** The photos of a meal as the meal page orders them (shot 1, 2, …), once all have arrived. */
export async function photosOf(page: Page, mealId: string, count: number): Promise<ApiPhoto[]> {
  await expect.poll(async () => (await mealFromApi(page, mealId)).photos.length).toBe(count);
  return (await mealFromApi(page, mealId)).photos;
}

/** The server's JSON log lines (LOG_FILE, see playwright.config.ts). */
export async function serverLog(): Promise<Array<Record<string, unknown>>> {
  const file = process.env.E2E_SERVER_LOG;
  if (!file) throw new Error("E2E_SERVER_LOG is not set");
  const text = await readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
