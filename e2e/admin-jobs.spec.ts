import { type APIRequestContext, type Browser, expect, test } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import {
  SEEDED_ADMIN as ADMIN,
  eventually,
  mealView,
  type ServerProcess,
  startAdminServerWithFailedPhoto,
  stopServer,
} from "./production-server";

/**
 * The admin jobs page on a server of its own where every recognition fails (demo failure rate 1,
 * no retries), so a FAILED photo is there to retry; and its /metrics over a real socket.
 */

const METRICS_TOKEN = "jobs-spec-metrics-token-0123456789";

test.describe.configure({ mode: "serial", timeout: 120_000 });

let server: ServerProcess;
let owner: { id: string; email: string; cookie: string };
let ownerApi: APIRequestContext;
let mealId: string;
let photoId: string;

test.beforeAll(async () => {
  ({ server, owner, ownerApi, mealId, photoId } = await startAdminServerWithFailedPhoto("jobs", {
    BETTER_AUTH_SECRET: "jobs-secret-jobs-secret-jobs-secret-0123",
    METRICS_TOKEN,
  }));
});

test.afterAll(async () => {
  await ownerApi?.dispose();
  if (server) await stopServer(server);
});

const newPage = async (browser: Browser) => (await browser.newContext({ baseURL: server.url })).newPage();

test("an anonymous visitor is sent to sign in, a plain user gets 403", async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto("/admin/jobs");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Fjobs/);
  await new AuthPage(page).signIn(
    { name: "Owner", email: owner.email, password: "correct-horse-1" },
    "/admin/jobs",
  );
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  const response = await page.reload();
  expect(response?.status()).toBe(403);
  await page.context().close();
});

test("an admin sees the failure with its code and message, and retries it from the page", async ({
  browser,
}) => {
  const page = await newPage(browser);
  await new AuthPage(page).signIn(ADMIN, "/admin/jobs");
  await expect(page.getByRole("heading", { name: "Jobs", level: 1 })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Admin pages" }).getByRole("link", { name: "Jobs" }),
  ).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("Outbox backlog")).toBeVisible();

  const failures = page.getByRole("table", { name: "Recent failures" });
  const row = failures.locator("tr").filter({ hasText: photoId });
  await expect(row).toContainText("demo_failure");
  await expect(row).toContainText("Simulated recognition failure");
  await expect(row.locator("td").nth(3)).toHaveText("1");

  await row.getByRole("button", { name: `Retry photo ${photoId}` }).click();
  await expect(page.getByText("Retry queued")).toBeVisible();
  // The new attempt runs the same job, and (failure rate 1) fails again as attempt 2.
  await eventually("attempt 2 fails", async () => {
    const photo = (await mealView(ownerApi, mealId)).photos[0];
    return photo?.attempt === 2 && photo.status === "FAILED" ? photo : undefined;
  });
  await page.goto("/admin/jobs");
  await expect(failures.locator("tr").filter({ hasText: photoId }).locator("td").nth(3)).toHaveText("2");
  await page.context().close();
});

test("/metrics answers 401 without the token, and Prometheus text with it", async () => {
  expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
  const response = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toContain('mealsnap_photos_failed{code="demo_failure"} 1');
  expect(text).toMatch(/^mealsnap_recognition_failures_total\{code="demo_failure"\} [1-9]/m);
  expect(text).toContain("# TYPE mealsnap_http_request_duration_seconds histogram");
});
