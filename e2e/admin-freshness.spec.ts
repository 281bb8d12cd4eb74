import { randomUUID } from "node:crypto";
import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import {
  SEEDED_ADMIN as ADMIN,
  apiClient,
  freshDatabase,
  jsonOf,
  mealView,
  type ServerProcess,
  signUpThrough,
  startAdminServerWithFailedPhoto,
  stopServer,
} from "./production-server";

/**
 * Admin authority is read from the database on the admin pages and their server action too
 * (DESIGN §5), not from the session cookie cache: on a production server of its own on real
 * Postgres, with the longest cache allowed (300 s, longer than the test, so the cookie still vouches
 * for the session throughout), a browser that keeps the cookies of an admin session signed out elsewhere, or of
 * an admin demoted in the database, no longer gets the admin pages' content nor runs the jobs
 * page's Retry. Every recognition fails there, so a FAILED photo of another user is on the page.
 */

const PASSWORD = "correct-horse-1"; // what signUpThrough uses

test.describe.configure({ mode: "serial", timeout: 120_000 });

let database: Awaited<ReturnType<typeof freshDatabase>>;
let server: ServerProcess;
let owner: { id: string; email: string; cookie: string };
let ownerApi: APIRequestContext;
let mealId: string;
let photoId: string;

test.beforeAll(async () => {
  // A migration, a server's start and a recognition that fails, on a machine other runs share.
  test.setTimeout(180_000);
  database = await freshDatabase("mealsnap_e2e_admin_freshness");
  ({ server, owner, ownerApi, mealId, photoId } = await startAdminServerWithFailedPhoto("admin-freshness", {
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: "admin-freshness-secret-admin-freshness-01",
    SESSION_CACHE_SECONDS: "300",
  }));
  // A cancel of the owner's, so that the cancel audit lists the owner's email.
  await jsonOf(
    await ownerApi.post("/api/ai/cancel", { data: { clientCancelId: randomUUID(), mealId } }),
    200,
  );
});

test.afterAll(async () => {
  await ownerApi?.dispose();
  if (server) await stopServer(server);
  await database?.drop();
});

/** A browser signed in as `admin`, on the jobs page, which shows the owner's failed photo. */
async function adminOnJobsPage(browser: Browser, admin: { name: string; email: string; password: string }) {
  const page = await (await browser.newContext({ baseURL: server.url })).newPage();
  await new AuthPage(page).signIn(admin, "/admin/cancel-audit");
  await expect(page.getByRole("heading", { name: "Cancel audit", level: 1 })).toBeVisible();
  await expect(page.getByText(owner.email).first()).toBeVisible();
  await page.goto("/admin/jobs");
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }),
  ).toBeVisible();
  await expect(retryButton(page)).toBeVisible();
  return page;
}

const retryButton = (page: Page) => page.getByRole("button", { name: `Retry photo ${photoId}` });

/** The browser's cookies, sent as they are by another client (which the server answers, not the browser). */
async function replayedCookies(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

async function photoAttempt(): Promise<{ status: string; attempt: number }> {
  const photo = (await mealView(ownerApi, mealId)).photos[0];
  if (!photo) throw new Error("the owner's photo is gone");
  return { status: photo.status, attempt: photo.attempt };
}

/** Nothing of the owner's shows on `page`, and no admin navigation. */
async function expectNoAdminContent(page: Page): Promise<void> {
  const html = await page.content();
  expect(html).not.toContain(owner.email);
  expect(html).not.toContain(photoId);
  await expect(page.getByRole("navigation", { name: "Admin pages" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
}

test("an admin session signed out elsewhere: its cookies get neither the admin pages nor the Retry", async ({
  browser,
}) => {
  const page = await adminOnJobsPage(browser, ADMIN);
  const before = await photoAttempt();
  // Signed out by another client with the same cookies: the browser keeps (and replays) them.
  const elsewhere = await apiClient(server.url, await replayedCookies(page));
  expect((await elsewhere.post("/api/auth/sign-out", { data: {} })).status()).toBe(200);
  await elsewhere.dispose();

  // The page still open from before the sign-out: its Retry sends the replayed cookies.
  await retryButton(page).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Fjobs$/);
  await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
  expect(await photoAttempt()).toEqual(before);

  for (const path of ["/admin/jobs", "/admin/cancel-audit"]) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/sign-in\\?next=${encodeURIComponent(path)}$`));
    await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
    await expectNoAdminContent(page);
  }
  await page.context().close();
});

test("an admin demoted in the database: their cookies get 403 on the admin pages and the Retry", async ({
  browser,
}) => {
  const anonymous = await apiClient(server.url);
  const deputy = await signUpThrough(anonymous, "Deputy");
  await anonymous.dispose();
  await database.sql`update users set role = 'admin' where id = ${deputy.id}`;
  const page = await adminOnJobsPage(browser, { name: "Deputy", email: deputy.email, password: PASSWORD });
  const before = await photoAttempt();
  await database.sql`update users set role = 'user' where id = ${deputy.id}`;

  await retryButton(page).click();
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  expect(await photoAttempt()).toEqual(before);

  for (const path of ["/admin/jobs", "/admin/cancel-audit"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
    await expectNoAdminContent(page);
  }
  // Still signed in as a user: the diary answers, without the Admin link.
  await page.goto("/diary");
  await expect(page.getByRole("link", { name: /account, signed in as/i })).toBeVisible();
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  await page.context().close();
});
