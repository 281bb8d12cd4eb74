import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { diaryFromApi, mealFromApi, photosOf } from "./api";
import { expect, test } from "./fixtures";
import { AuthPage, adminCredentials } from "./pages/auth-page";
import { type DiaryPage, fixture, type MealPage, type NewMealPage } from "./pages/meal-pages";
import { addOnePhotoWaitingToSave, expectSaveWaiting, releaseSave, waitingSaves } from "./save-gate";

/**
 * The add-meal flow under real conditions (leaving, reloading, going offline, bad files), in the
 * browser against the production build. Recognitions wait at the save gate until the spec lets
 * them go, so "mid-recognition" is a fact, not a timing.
 */

test.afterEach(async () => {
  for (const key of await waitingSaves()) await releaseSave(key.slice(0, 36), Number(key.slice(37)));
});

const headerLink = (page: Page, name: string) =>
  page.getByRole("navigation").getByRole("link", { name, exact: true });

/** Adds a meal of one photo held before its save, then leaves by the header's Diary link. */
async function leaveMidRecognition(
  page: Page,
  newMeal: NewMealPage,
  mealPage: MealPage,
  file: string,
  answer: "Keep recognising" | "Stop and leave",
) {
  const waiting = await addOnePhotoWaitingToSave(page, newMeal, file);
  await mealPage.leaveBy(headerLink(page, "Diary"), answer);
  await expect(page).toHaveURL(/\/diary$/);
  return waiting;
}

/** The cancel audit rows of one user, read by the admin through the admin API. */
async function auditRows(browser: Browser, email: string) {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await new AuthPage(admin).signIn(adminCredentials());
  await expect(admin).not.toHaveURL(/sign-in/);
  const response = await admin.request.get(`/api/admin/cancel-events?user=${encodeURIComponent(email)}`);
  expect(response.status()).toBe(200);
  const { events } = (await response.json()) as { events: { clientCancelId: string; reason: string }[] };
  await context.close();
  return events;
}

/** Neither the day's meals nor the Stopped list hold a meal (the server's answers, not the screen). */
async function expectNoMealToday(page: Page) {
  const today = await page.evaluate(() => new Date().toLocaleDateString("en-CA"));
  expect((await diaryFromApi(page, today)).meals).toEqual([]);
  const stopped = await page.request.get(`/api/meals/stopped?date=${today}`);
  expect(stopped.status()).toBe(200);
  expect(((await stopped.json()) as { meals: unknown[] }).meals).toEqual([]);
}

/** Without Undo the server deletes the meal when the window closes; a reload shows the day empty. */
async function expectDeletedOnceUndoCloses(page: Page, mealId: string, diary: DiaryPage) {
  await expect
    .poll(async () => (await page.request.get(`/api/meals/${mealId}`)).status(), { timeout: 20_000 })
    .toBe(404);
  await page.reload();
  await expect(diary.emptyState()).toBeVisible();
}

test("a reload mid-recognition keeps recognising: the photo succeeds and the meal is in the diary", async ({
  page,
  user: _signedIn,
  newMeal,
  mealPage,
  diary,
}) => {
  const { mealId, photo } = await addOnePhotoWaitingToSave(page, newMeal, "salad.png");

  await page.reload();
  await releaseSave(photo.id);
  await mealPage.expectStatus(0, /done/i);
  const meal = await mealFromApi(page, mealId);
  expect(meal.meal.status).toBe("COMPLETE");

  await diary.open(meal.meal.date);
  await expect(diary.diaryPhotos()).toHaveCount(1);
  expect((await diaryFromApi(page, meal.meal.date)).meals.map((m) => m.id)).toEqual([mealId]);
});

test("leaving by an in-app link asks; Keep recognising shows the meal recognising in the diary, then its items", async ({
  page,
  browser,
  user,
  newMeal,
  mealPage,
  diary,
}) => {
  const { mealId, photo } = await leaveMidRecognition(
    page,
    newMeal,
    mealPage,
    "breakfast-phone.jpg",
    "Keep recognising",
  );
  // Focus follows the route change to the new page's heading.
  await expect(page.locator("main h1")).toBeFocused();
  await expect(page.getByText(/recognising… 0 of 1 done/i)).toBeVisible();

  await releaseSave(photo.id);
  await expect(diary.diaryPhotos()).toHaveCount(1, { timeout: 20_000 });
  expect((await mealFromApi(page, mealId)).meal.status).toBe("COMPLETE");
  expect(await auditRows(browser, user.email)).toEqual([]);
});

test("Stop and leave cancels through the server; the diary lists the meal under Stopped, and Retry brings it back", async ({
  page,
  browser,
  user,
  newMeal,
  mealPage,
  diary,
}) => {
  const { mealId, photo } = await leaveMidRecognition(
    page,
    newMeal,
    mealPage,
    "salad-2.jpg",
    "Stop and leave",
  );
  const meal = await mealFromApi(page, mealId);
  expect(meal.photos.map((p) => p.status)).toEqual(["CANCELLED"]);
  await expect(diary.emptyState()).toBeVisible();
  await expect(diary.stoppedMeals()).toContainText(/1 photo/);
  const rows = await auditRows(browser, user.email);
  expect(rows.map((row) => row.reason)).toEqual(["user_cancel"]);

  await releaseSave(photo.id, 1);
  await diary.stoppedMeals().getByRole("button", { name: /retry/i }).click();
  await expectSaveWaiting(photo.id, 2);
  await releaseSave(photo.id, 2);
  await expect(diary.diaryPhotos()).toHaveCount(1, { timeout: 20_000 });
  await expect(diary.stoppedMeals()).toHaveCount(0);
});

test("after Cancel the meal page says the user stopped it, in the live region that takes focus; Discard has Undo", async ({
  page,
  user: _signedIn,
  newMeal,
  mealPage,
  diary,
}) => {
  const { mealId } = await addOnePhotoWaitingToSave(page, newMeal, "salad.png");

  await mealPage.cancel();
  await expect(mealPage.summary()).toHaveText(/^You stopped recognition\./);
  await expect(mealPage.summary()).toBeFocused();
  await expect(page.getByText("Stopped", { exact: true })).toBeVisible();
  await expect(page.getByText(/not recognised/i)).toHaveCount(0);
  for (const name of ["Retry all", "Add food by hand", "Discard"]) {
    await expect(page.getByRole("button", { name })).toBeVisible();
  }

  // Discard deletes the meal the way a delete in the diary does: gone at once, with Undo.
  await page.getByRole("button", { name: "Discard" }).click();
  await expect(page).toHaveURL(/\/diary\?date=/);
  await expect(page.getByRole("status").getByText(/^Stopped \w+ deleted\.$/)).toBeVisible();
  await expect(diary.stoppedMeals()).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(diary.stoppedMeals().getByRole("link")).toBeFocused();
  expect((await page.request.get(`/api/meals/${mealId}`)).status()).toBe(200);

  await diary.stoppedMeals().getByRole("link").click();
  await page.getByRole("button", { name: "Discard" }).click();
  await expect(diary.stoppedMeals()).toHaveCount(0);
  await expectDeletedOnceUndoCloses(page, mealId, diary);
  await expect(diary.stoppedMeals()).toHaveCount(0);
});

test("a Cancel pressed offline is kept, sent on reconnect with the same clientCancelId, and audited once", async ({
  page,
  context,
  browser,
  user,
  newMeal,
  mealPage,
}) => {
  await addOnePhotoWaitingToSave(page, newMeal, "breakfast-phone.jpg");
  const cancelIds: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/api/ai/cancel")) cancelIds.push(request.postDataJSON().clientCancelId);
  });

  await context.setOffline(true);
  await expect(page.getByText(/you are offline/i).first()).toBeVisible();
  await page.getByRole("button", { name: /^cancel$/i }).click();
  const kept = page.getByText(/your cancel is kept/i);
  await expect(kept).toBeVisible();

  await context.setOffline(false);
  await expect(mealPage.summary()).toHaveText(/^You stopped recognition\./);
  await expect(kept).toHaveCount(0);
  await mealPage.expectStatus(0, /cancelled/i);
  expect(new Set(cancelIds).size).toBe(1);
  const rows = await auditRows(browser, user.email);
  expect(rows).toHaveLength(1);
  expect(rows[0]?.clientCancelId).toBe(cancelIds[0]);
});

test("a text file renamed .jpg is refused when picked, with a message for it; no meal is created", async ({
  page,
  user: _signedIn,
  newMeal,
}) => {
  const created: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/meals")
      created.push(request.url());
  });
  await newMeal.open();
  await page
    .locator('input[type="file"]')
    .first()
    .setInputFiles([
      { name: "lunch.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not a photo, a shopping list") },
      { name: "salad.png", mimeType: "image/png", buffer: readFileSync(fixture("salad.png")) },
    ]);
  await expect(page.getByRole("list", { name: "Files not added" })).toHaveText(
    "lunch.jpg is not a JPEG, PNG, WebP or HEIC photo.",
  );
  await expect(page.getByRole("button", { name: "Save meal with 1 photo" })).toBeEnabled();
  await page.getByRole("button", { name: "Remove salad.png" }).click();
  await page.getByRole("button", { name: "Save meal" }).click();
  await expect(page.getByText("Choose at least one photo of the meal.")).toBeVisible();
  expect(created).toEqual([]);
  await expectNoMealToday(page);
});

test("a Cancel before any photo byte left creates no meal: the diary and the Stopped list stay empty", async ({
  page,
  user: _signedIn,
  newMeal,
}) => {
  // The meal's creation is held in the browser: Cancel lands before anything reached the server.
  const held: string[] = [];
  await page.route("**/api/meals", (route) => {
    if (route.request().method() === "POST") held.push(route.request().url());
    else void route.continue();
  });
  const uploads: string[] = [];
  page.on("request", (request) => {
    if (/\/api\/meals\/[^/]+\/photos$/.test(new URL(request.url()).pathname)) uploads.push(request.url());
  });
  await newMeal.open();
  await newMeal.choosePhotos(["salad.png", "salad-2.jpg"]);
  await newMeal.submit();
  await expect.poll(() => held.length).toBe(1);
  await newMeal.cancelAtOnce();

  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Chosen photos" }).getByText("Upload stopped")).toHaveCount(2);
  await page.unroute("**/api/meals");
  expect(uploads).toEqual([]);
  await expectNoMealToday(page);
});

test("Cancel during upload keeps the photos on the form; Resume uploads them into a new meal", async ({
  page,
  user: _signedIn,
  newMeal,
  mealPage,
}) => {
  // Uploads hang until Cancel aborts them: Cancel lands during the upload, every time.
  await page.route("**/api/meals/*/photos", () => {});
  await newMeal.open();
  await newMeal.choosePhotos(["salad.png", "salad-2.jpg"]);
  await newMeal.submit();
  await newMeal.cancelAtOnce();

  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Chosen photos" }).getByText("Upload stopped")).toHaveCount(2);
  await expect(page.getByRole("button", { name: "Remove salad-2.jpg" })).toBeVisible();
  await expect(page).toHaveURL(/\/meals\/new$/);

  await page.unroute("**/api/meals/*/photos");
  await page.getByRole("button", { name: "Remove salad-2.jpg" }).click();
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page).toHaveURL(/\/meals\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const mealId = page.url().split("/").pop() as string;
  const [photo] = await photosOf(page, mealId, 1);
  if (!photo) throw new Error("no photo");
  await expectSaveWaiting(photo.id);
  await releaseSave(photo.id);
  await mealPage.expectStatus(0, /done/i);
});

test("deleting a meal in the diary offers Undo; without it the server deletes the meal", async ({
  page,
  user: _signedIn,
  newMeal,
  mealPage,
  diary,
}) => {
  const { mealId, photo } = await addOnePhotoWaitingToSave(page, newMeal, "salad.png");
  await releaseSave(photo.id);
  await mealPage.expectStatus(0, /done/i);
  await mealPage.done();
  await expect(diary.diaryPhotos()).toHaveCount(1);

  await page.getByRole("button", { name: /^delete/i }).click();
  await expect(diary.diaryPhotos()).toHaveCount(0);
  // The only meal of the day is gone: focus lands on the page's heading, not on <body>.
  await expect(page.locator("main h1")).toBeFocused();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(diary.diaryPhotos()).toHaveCount(1);
  expect((await page.request.get(`/api/meals/${mealId}`)).status()).toBe(200);

  await page.getByRole("button", { name: /^delete/i }).click();
  await expect(diary.diaryPhotos()).toHaveCount(0);
  await expectDeletedOnceUndoCloses(page, mealId, diary);
});

/** A lunch of hand-added items (in this order) on a date of its own, through the real API. */
async function lunchOf(page: Page, date: string, items: { name: string; kcal: number }[]) {
  const created = await page.request.post("/api/meals", {
    data: { clientRequestId: randomUUID(), mealType: "lunch", date },
  });
  expect(created.status()).toBe(201);
  const { meal } = (await created.json()) as { meal: { id: string } };
  for (const { name, kcal } of items) {
    const item = { name, grams: 100, kcal, protein: 1, fat: 1, carbs: 1 };
    expect((await page.request.post(`/api/meals/${meal.id}/items`, { data: item })).status()).toBe(201);
  }
  return meal.id;
}

test("deleting an item offers Undo, focus moving on to the next item; without Undo the server deletes it", async ({
  page,
  user: _signedIn,
}) => {
  const date = "2026-10-07";
  const mealId = await lunchOf(page, date, [
    { name: "Rice", kcal: 260 },
    { name: "Chicken", kcal: 250 },
    { name: "Salad", kcal: 20 },
  ]);
  await page.goto(`/diary?date=${date}`);
  const items = page.getByRole("list", { name: "Food in Lunch" });
  const edit = (name: string) => items.getByRole("button", { name: new RegExp(`^Edit ${name}`) });
  const dayKcal = page.getByRole("progressbar", { name: "Calories" });
  const serverItems = async () => (await mealFromApi(page, mealId)).items.length;
  const deleteItem = async (name: string) => {
    await edit(name).click();
    await page
      .getByRole("dialog", { name: "Edit food" })
      .getByRole("button", { name: "Delete item" })
      .click();
    await expect(edit(name)).toHaveCount(0);
    await page.mouse.move(0, 0); // off the toast: a pointer on it holds the Undo window open
  };
  await expect(dayKcal).toHaveAttribute("aria-valuenow", "530");

  // The middle item: gone with its calories at once, focus on the next item, the toast says so.
  await deleteItem("Chicken");
  await expect(edit("Salad")).toBeFocused();
  await expect(dayKcal).toHaveAttribute("aria-valuenow", "280");
  await expect(page.getByRole("status").getByText("Chicken deleted.")).toBeVisible();
  // While focus is on Undo its window waits: past the 6 s it would have lasted, nothing was sent.
  await page.getByRole("button", { name: "Undo" }).focus();
  await page.waitForTimeout(8000);
  expect(await serverItems()).toBe(3);
  // Undo: back with its calories, focus back on it; the server never deleted it.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(edit("Chicken")).toBeFocused();
  await expect(dayKcal).toHaveAttribute("aria-valuenow", "530");
  expect(await serverItems()).toBe(3);

  // The last item: focus on the previous one; no Undo, so the server deletes it when the window closes.
  await deleteItem("Salad");
  await expect(edit("Chicken")).toBeFocused();
  await expect(dayKcal).toHaveAttribute("aria-valuenow", "510");
  await expect.poll(serverItems, { timeout: 20_000 }).toBe(2);
  await page.reload();
  await expect(edit("Rice")).toBeVisible();
  await expect(edit("Salad")).toHaveCount(0);
  await expect(dayKcal).toHaveAttribute("aria-valuenow", "510");

  // The first item, then the only one: focus on the next, then on the line saying none is left.
  await deleteItem("Rice");
  await expect(edit("Chicken")).toBeFocused();
  await deleteItem("Chicken");
  await expect(page.getByText("No food items in this meal.")).toBeFocused();
  await expect(dayKcal).toHaveAttribute("aria-valuenow", "0");
});
