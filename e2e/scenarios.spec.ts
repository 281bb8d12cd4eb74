import { diaryFromApi, mealFromApi, photosOf, serverLog } from "./api";
import { expect, test } from "./fixtures";
import { newCredentials } from "./pages/auth-page";
import { addOnePhotoWaitingToSave, expectSaveWaiting, releaseSave, waitingSaves } from "./save-gate";

/**
 * DESIGN §8 scenarios A–D in the real browser against the production build. Every recognition
 * waits before its `save` step until the spec releases it (the test-only save gate), so the order
 * of events is decided here, never by timing. The admin spec at the end checks the audit page
 * shows exactly the cancels these scenarios made.
 */
test.describe.configure({ mode: "serial" });

const scenarioUsers: Record<string, string> = {};

test.afterEach(async () => {
  // Let nothing of this test hold a recognition slot for the next one.
  for (const key of await waitingSaves()) {
    const [photoId, attempt] = [key.slice(0, 36), Number(key.slice(37))];
    await releaseSave(photoId, attempt);
  }
});

test("A: three photos, the first succeeds, Cancel, Done → the diary shows the meal with one photo and its totals", async ({
  page,
  user,
  newMeal,
  mealPage,
  diary,
}) => {
  scenarioUsers.A = user.email;
  const mealId = await newMeal.addMeal(["breakfast-phone.jpg", "salad.png", "salad-2.jpg"]);
  const [first] = await photosOf(page, mealId, 3);
  if (!first) throw new Error("no photos");
  await expectSaveWaiting(first.id);
  await releaseSave(first.id);
  await mealPage.expectStatus(0, /done/i);

  await mealPage.cancel();
  await mealPage.expectStatus(1, /cancelled/i);
  await mealPage.expectStatus(2, /cancelled/i);
  await expect(page.getByText(/cancelled 2 photos/i)).toBeVisible();
  await mealPage.done();

  const meal = await mealFromApi(page, mealId);
  await expect(page).toHaveURL(new RegExp(`/diary\\?date=${meal.meal.date}`));
  await expect(diary.diaryPhotos()).toHaveCount(1);
  await expect(diary.diaryPhotos().first()).toHaveAttribute("src", `/api/photos/${first.id}`);

  // The diary's totals are the first photo's items, shown against the goal.
  const day = await diaryFromApi(page, meal.meal.date);
  const kcal = meal.items
    .filter((item) => item.photoId === first.id)
    .reduce((sum, item) => sum + item.kcal, 0);
  expect(day.totals.kcal).toBe(Math.round(kcal));
  await expect(diary.kcalProgress()).toHaveAttribute("aria-valuenow", String(day.totals.kcal));
});

test("B: two photos, Cancel at once → the meal is not in the diary", async ({
  page,
  user,
  newMeal,
  diary,
}) => {
  scenarioUsers.B = user.email;
  // Cancel "at once" lands while the photos are uploading (held here so it always does). Since
  // the add-meal flow keeps photos on the form after a Cancel during upload, the page stays on
  // the form ("Upload stopped" · Resume / Remove) instead of opening an empty meal.
  await page.route("**/api/meals/*/photos", () => {});
  const created = page.waitForResponse(
    (response) => new URL(response.url()).pathname === "/api/meals" && response.request().method() === "POST",
  );
  await newMeal.open();
  await newMeal.choosePhotos(["salad.png", "breakfast-phone.jpg"]);
  await newMeal.submit();
  const mealId = ((await (await created).json()) as { meal: { id: string } }).meal.id;
  await newMeal.cancelAtOnce();
  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Chosen photos" }).getByText("Upload stopped")).toHaveCount(2);
  await expect(page).toHaveURL(/\/meals\/new$/);

  const meal = await mealFromApi(page, mealId);
  expect(meal.photos.every((photo) => photo.status === "CANCELLED")).toBe(true);
  expect(meal.items).toEqual([]);
  await diary.open(meal.meal.date);
  await expect(diary.emptyState()).toBeVisible();
  await expect(diary.diaryPhotos()).toHaveCount(0);
  expect((await diaryFromApi(page, meal.meal.date)).meals).toEqual([]);
});

test("C: Cancel, then Retry the cancelled photo → it succeeds and the meal shows it", async ({
  page,
  user,
  newMeal,
  mealPage,
  diary,
}) => {
  scenarioUsers.C = user.email;
  const { photo } = await addOnePhotoWaitingToSave(page, newMeal, "salad.png");
  await mealPage.cancel();
  await mealPage.expectStatus(0, /cancelled/i);
  await releaseSave(photo.id, 1);

  await mealPage.retry(0);
  await expectSaveWaiting(photo.id, 2);
  await releaseSave(photo.id, 2);
  await mealPage.expectStatus(0, /done/i);
  await expect(mealPage.photoCard(0)).toContainText(/attempt 2/i);
  await mealPage.done();
  await expect(diary.diaryPhotos()).toHaveCount(1);
  await expect(diary.diaryPhotos().first()).toHaveAttribute("src", `/api/photos/${photo.id}`);
});

test("D: Cancel while the photo is PROCESSING, the job finishes late → discarded, no items, not in the diary", async ({
  page,
  user,
  newMeal,
  mealPage,
  diary,
}) => {
  scenarioUsers.D = user.email;
  // The job has recognised the photo and its save step is about to run.
  const { mealId, photo } = await addOnePhotoWaitingToSave(page, newMeal, "breakfast-phone.jpg");
  expect((await mealFromApi(page, mealId)).photos[0]?.status).toBe("PROCESSING");
  await mealPage.cancel();
  await mealPage.expectStatus(0, /cancelled/i);
  await releaseSave(photo.id);

  const marker = `[AI] Photo ${photo.id} is in terminal state CANCELLED, discarding results (race condition guard)`;
  await expect.poll(async () => (await serverLog()).some((line) => line.msg === marker)).toBe(true);
  const meal = await mealFromApi(page, mealId);
  expect(meal.items).toEqual([]);
  expect(meal.photos[0]?.status).toBe("CANCELLED");
  await diary.open(meal.meal.date);
  await expect(diary.emptyState()).toBeVisible();
  expect((await diaryFromApi(page, meal.meal.date)).meals).toEqual([]);
});

test("the admin sees every cancel of the scenarios on the audit page; a plain user gets 403", async ({
  page,
  browser,
  auth,
}) => {
  // A plain user (this test's fresh one).
  await auth.signUp(newCredentials("Plain User"));
  const forbidden = await page.goto("/admin/cancel-audit");
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: /admins only/i })).toBeVisible();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await new (await import("./pages/auth-page")).AuthPage(admin).signIn(
    {
      name: "Admin",
      email: process.env.E2E_ADMIN_EMAIL as string,
      password: process.env.E2E_ADMIN_PASSWORD as string,
    },
    "/admin/cancel-audit",
  );
  await expect(admin).toHaveURL(/\/admin\/cancel-audit/);
  const expected: Record<string, { updated: string }> = {
    A: { updated: "2" },
    C: { updated: "1" },
    D: { updated: "1" },
  };
  for (const [scenario, email] of Object.entries(scenarioUsers)) {
    await admin.goto(`/admin/cancel-audit?user=${encodeURIComponent(email)}`);
    const rows = admin.locator("table tbody tr").filter({ hasText: email });
    await expect(rows, `cancels of scenario ${scenario}`).toHaveCount(1);
    await expect(rows.first()).toContainText(/user.?cancel/i);
    const updated = expected[scenario]?.updated;
    if (updated) await expect(rows.first().locator("td").nth(7)).toHaveText(updated);
  }
  expect(Object.keys(scenarioUsers).sort()).toEqual(["A", "B", "C", "D"]);
  await adminContext.close();
});
