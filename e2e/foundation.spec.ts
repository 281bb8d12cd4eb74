import { expect, test } from "./fixtures";
import { AuthPage } from "./pages/auth-page";
import { releaseEverySave } from "./save-gate";

let stopReleasing: () => void = () => {};
test.beforeAll(() => {
  stopReleasing = releaseEverySave();
});
test.afterAll(() => stopReleasing());

test.describe("a new user", () => {
  test("signs up, adds a meal with a phone JPEG and a PNG, and sees them upright on the meal page", async ({
    page,
    user,
    newMeal,
    mealPage,
  }) => {
    expect(user.email).toContain("@");
    const mealId = await newMeal.addMeal(["breakfast-phone.jpg", "salad.png"]);
    await expect(mealPage.photoCards()).toHaveCount(2);

    // The phone photo was stored sideways with EXIF orientation 6: served upright, it is portrait.
    const api = await page.request.get(`/api/meals/${mealId}`);
    expect(api.status()).toBe(200);
    const detail = (await api.json()) as { photos: { width: number; height: number; mime: string }[] };
    const jpeg = detail.photos.find((photo) => photo.mime === "image/jpeg");
    expect(jpeg && jpeg.height > jpeg.width).toBe(true);
    expect(detail.photos.some((photo) => photo.mime === "image/png")).toBe(true);

    await mealPage.expectStatus(0, /done/i);
    await mealPage.expectStatus(1, /done/i);
  });

  test("is sent to sign in when not signed in, and the API answers 401", async ({ page }) => {
    await page.goto("/diary");
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await page.request.get("/api/meals?date=2026-11-23")).status()).toBe(401);
  });

  test("signs out and back in", async ({ user, auth, page }) => {
    await auth.signOut();
    await auth.signIn(user);
    await expect(page).toHaveURL(/\/diary/);
  });

  test("changes the password: the other device is signed out, the new password signs in", async ({
    user,
    auth,
    page,
    browser,
  }) => {
    const otherDevice = await browser.newPage();
    const other = new AuthPage(otherDevice);
    await other.signIn(user);
    await expect(otherDevice).toHaveURL(/\/diary/);

    await auth.changePassword("not-my-password", "new-battery-horse");
    await expect(page.getByRole("alert").filter({ hasText: /invalid password/i })).toBeVisible();
    await auth.changePassword(user.password, "new-battery-horse");
    await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();

    // The other device's session cache cookie answers for it until the bound has passed.
    await otherDevice.waitForTimeout(Number(process.env.E2E_SESSION_CACHE_SECONDS) * 1000 + 500);
    await otherDevice.goto("/diary");
    await expect(otherDevice).toHaveURL(/\/sign-in/);
    await page.goto("/diary");
    await expect(page).toHaveURL(/\/diary/);
    await auth.signOut();
    await auth.signIn({ ...user, password: "new-battery-horse" });
    await expect(page).toHaveURL(/\/diary/);
    await otherDevice.close();
  });
});
