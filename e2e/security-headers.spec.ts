import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";

/**
 * Security headers on real responses of the production server (next.config.ts `headers()`),
 * and Better Auth's own origin check, which is off under NODE_ENV=test and so only testable here.
 */

function directives(csp: string): Record<string, string> {
  return Object.fromEntries(
    csp
      .split(";")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = "", ...values] = part.split(/\s+/);
        return [name, values.join(" ")];
      }),
  );
}

for (const path of ["/", "/sign-in", "/diary", "/api/health", "/no-such-page"]) {
  test(`${path} carries the security headers`, async ({ request }) => {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status()).toBeLessThan(500);
    const headers = response.headers();
    const csp = directives(headers["content-security-policy"] ?? "");
    expect(csp["frame-ancestors"]).toBe("'none'");
    expect(csp["default-src"]).toBe("'self'");
    expect(csp["object-src"]).toBe("'none'");
    expect(csp["script-src"]).not.toContain("unsafe-eval");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-powered-by"]).toBeUndefined();
  });
}

test("a page cannot be framed by another site", async ({ page, baseURL }) => {
  const blocked: string[] = [];
  page.on("console", (message) => {
    if (/frame-ancestors|Refused to (display|frame)/i.test(message.text())) blocked.push(message.text());
  });
  await page.setContent(`<iframe id="victim" src="${baseURL}/sign-in"></iframe>`);
  await expect.poll(() => blocked.length, { timeout: 10_000 }).toBeGreaterThan(0);
  const frame = page.frames().find((candidate) => candidate.url().includes("/sign-in"));
  const framedForm = frame ? await frame.locator("form").count() : 0;
  expect(framedForm).toBe(0);
});

test("a mutation from a foreign origin is refused (403), a GET is not", async ({ request }) => {
  const email = `origin-${randomUUID()}@example.com`;
  const password = "correct-horse-1";
  const signUp = await request.post("/api/auth/sign-up/email", { data: { email, password, name: "Origin" } });
  expect(signUp.status()).toBe(200);
  const foreign = { origin: "https://evil.example" };
  const create = await request.post("/api/meals", {
    data: { clientRequestId: randomUUID() },
    headers: foreign,
  });
  expect(create.status()).toBe(403);
  expect((await create.json()).error.code).toBe("forbidden");
  const read = await request.get("/api/meals?date=2026-05-01", { headers: foreign });
  expect(read.status()).toBe(200);
  // Better Auth's check on its own routes (sign-in with the session cookie of this context).
  const signIn = await request.post("/api/auth/sign-in/email", {
    data: { email, password },
    headers: foreign,
  });
  expect(signIn.status()).toBe(403);
});
