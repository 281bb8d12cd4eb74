import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { cancelEvents, dailyGoals, foodItems, mealPhotos, meals } from "@/db/schema";
import { securityHeaders } from "@/lib/http/security-headers";
import nextConfig from "@/next.config";
import { AppClient, BASE_URL, type TestUser } from "@/test/app-client";
import { solidJpeg } from "@/test/images";

/**
 * Protection: rate limits (beyond lib/rate-limit/rate-limit.test.ts: Retry-After on every limited
 * route, nothing stored for a refused request, sign-up), the same-origin check, security headers,
 * secrets kept out of the logs, and photo bytes served to their owner only.
 */

// This file's log goes to a file of its own, at the most verbose level, so the test can read it.
const LOG_FILE = await vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "mealsnap-protection-log-")), "app.log");
  process.env.LOG_FILE = file;
  process.env.LOG_LEVEL = "trace";
  process.env.RATE_LIMIT_UPLOADS_PER_MINUTE = "2";
  process.env.RATE_LIMIT_CANCELS_PER_MINUTE = "2";
  process.env.RATE_LIMIT_AUTH_PER_MINUTE = "3";
  const { reloadConfig } = await import("@/lib/config");
  reloadConfig();
  return file;
});

const PASSWORD = "correct-horse-1"; // what signUp() in test/app-client.ts uses

let alice: TestUser;
let bob: TestUser;
let uploader: TestUser;
let canceller: TestUser;

let addressSeed = 0;
/** Signs up from an address of its own, so the auth limit (3 a minute per address) never trips. */
async function signUpFresh(name: string): Promise<TestUser> {
  const client = new AppClient();
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  addressSeed += 1;
  const response = await client.request("POST", "/api/auth/sign-up/email", {
    json: { email, password: PASSWORD, name },
    headers: { "x-forwarded-for": `198.18.0.${addressSeed}` },
  });
  if (response.status !== 200) throw new Error(`sign-up answered ${response.status}`);
  const { user } = (await response.json()) as { user: { id: string } };
  return { client, id: user.id, email };
}

beforeAll(async () => {
  alice = await signUpFresh("Alice");
  bob = await signUpFresh("Bob");
  uploader = await signUpFresh("Uploader");
  canceller = await signUpFresh("Canceller");
});

interface ErrorBody {
  error: { code: string; message: string };
}

async function rowsOf(userId: string) {
  const db = await getDb();
  return {
    meals: await db.select().from(meals).where(eq(meals.userId, userId)).orderBy(asc(meals.id)),
    photos: await db
      .select()
      .from(mealPhotos)
      .where(eq(mealPhotos.userId, userId))
      .orderBy(asc(mealPhotos.id)),
    items: await db
      .select({ item: foodItems })
      .from(foodItems)
      .innerJoin(meals, eq(meals.id, foodItems.mealId))
      .where(eq(meals.userId, userId))
      .orderBy(asc(foodItems.id)),
    cancels: await db
      .select()
      .from(cancelEvents)
      .where(eq(cancelEvents.userId, userId))
      .orderBy(asc(cancelEvents.id)),
    goals: await db.select().from(dailyGoals).where(eq(dailyGoals.userId, userId)),
  };
}

function expectRetryAfter(response: Response) {
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe("rate limits: 429 with Retry-After, and the refused request stores nothing", () => {
  it("uploads: the third upload in a minute is refused with Retry-After, no row and no file", async () => {
    const user = uploader;
    const meal = await user.client.createMeal();
    const image = await solidJpeg(48, 48);
    expect((await user.client.upload(meal.id, image)).status).toBe(201);
    expect((await user.client.upload(meal.id, image)).status).toBe(201);
    const before = await rowsOf(user.id);
    const refused = await user.client.upload(meal.id, image);
    expect(refused.status).toBe(429);
    expectRetryAfter(refused);
    expect(((await refused.json()) as ErrorBody).error.code).toBe("rate_limited");
    expect(await rowsOf(user.id)).toEqual(before);
  });

  it("cancels: the refused cancel records no audit row; another user is not affected", async () => {
    const user = canceller;
    for (let i = 0; i < 2; i++) {
      expect((await user.client.post("/api/ai/cancel", { clientCancelId: randomUUID() })).status).toBe(200);
    }
    const clientCancelId = randomUUID();
    const refused = await user.client.post("/api/ai/cancel", { clientCancelId });
    expect(refused.status).toBe(429);
    expectRetryAfter(refused);
    const db = await getDb();
    expect(
      await db.select().from(cancelEvents).where(eq(cancelEvents.clientCancelId, clientCancelId)),
    ).toEqual([]);
    expect((await bob.client.post("/api/ai/cancel", { clientCancelId: randomUUID() })).status).toBe(200);
  });

  it("sign-in: the limited attempt answers 429 with a standard Retry-After header", async () => {
    const client = new AppClient();
    const attempt = () =>
      client.request("POST", "/api/auth/sign-in/email", {
        json: { email: alice.email, password: "wrong-password" },
        headers: { "x-forwarded-for": "203.0.113.50" },
      });
    const responses = [];
    for (let i = 0; i < 4; i++) responses.push(await attempt());
    expect(responses.map((response) => response.status)).toEqual([401, 401, 401, 429]);
    const limited = responses[3] as Response;
    expectRetryAfter(limited);
    expect(((await limited.json()) as ErrorBody).error.code).toBe("rate_limited");
  });

  it("sign-up: limited per address too, and the refused sign-up creates no user", async () => {
    const client = new AppClient();
    const emails = Array.from({ length: 4 }, () => `spam-${randomUUID()}@example.com`);
    const statuses = [];
    for (const email of emails) {
      const response = await client.request("POST", "/api/auth/sign-up/email", {
        json: { email, password: PASSWORD, name: "Spam" },
        headers: { "x-forwarded-for": "203.0.113.51" },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const { users } = await import("@/db/schema");
    const db = await getDb();
    expect(
      await db
        .select()
        .from(users)
        .where(eq(users.email, emails[3] ?? "")),
    ).toEqual([]);
  });
});

describe("same-origin check on mutations", () => {
  const FOREIGN = [
    "https://evil.example",
    "null",
    "http://localhost:3000.evil.example",
    "http://localhost:3001",
  ];

  async function fixture() {
    const meal = await alice.client.createMeal();
    const item = await alice.client.post(`/api/meals/${meal.id}/items`, {
      name: "Soup",
      grams: 300,
      kcal: 120,
      protein: 5,
      fat: 3,
      carbs: 15,
    });
    const { item: created } = (await item.json()) as { item: { id: string } };
    return { mealId: meal.id, itemId: created.id };
  }

  it.each(FOREIGN)("refuses every mutation from Origin %s with 403 and changes nothing", async (origin) => {
    const { mealId, itemId } = await fixture();
    const before = await rowsOf(alice.id);
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(await solidJpeg(32, 32))]), "x.jpg");
    form.set("clientUploadId", randomUUID());
    const attempts: Array<[string, string, { json?: unknown; body?: BodyInit }]> = [
      ["POST", "/api/meals", { json: { clientRequestId: randomUUID() } }],
      ["DELETE", `/api/meals/${mealId}`, {}],
      [
        "POST",
        `/api/meals/${mealId}/items`,
        { json: { name: "X", grams: 1, kcal: 1, protein: 0, fat: 0, carbs: 0 } },
      ],
      ["PATCH", `/api/items/${itemId}`, { json: { grams: 1 } }],
      ["DELETE", `/api/items/${itemId}`, {}],
      ["PUT", "/api/goals", { json: { kcal: 1000, protein: 1, fat: 1, carbs: 1 } }],
      ["POST", "/api/ai/cancel", { json: { clientCancelId: randomUUID(), mealId } }],
      ["POST", `/api/meals/${mealId}/photos`, { body: form }],
      ["POST", `/api/meals/${mealId}/photos/${randomUUID()}/retry`, {}],
    ];
    for (const [method, path, options] of attempts) {
      const headers = new Headers({ origin, cookie: alice.client.cookie });
      let body = options.body;
      if (options.json !== undefined) {
        headers.set("content-type", "application/json");
        body = JSON.stringify(options.json);
      }
      const { dispatch } = await import("@/test/app-client");
      const response = await dispatch(new Request(`${BASE_URL}${path}`, { method, headers, body }));
      expect(response.status, `${method} ${path} from ${origin}`).toBe(403);
      expect(((await response.json()) as ErrorBody).error.code).toBe("forbidden");
    }
    expect(await rowsOf(alice.id)).toEqual(before);
  });

  it("leaves GETs alone, and accepts the app's own origins", async () => {
    const { mealId } = await fixture();
    const { dispatch } = await import("@/test/app-client");
    for (const origin of FOREIGN) {
      const response = await dispatch(
        new Request(`${BASE_URL}/api/meals/${mealId}`, { headers: { origin, cookie: alice.client.cookie } }),
      );
      expect(response.status, origin).toBe(200);
    }
    for (const origin of [BASE_URL, "http://127.0.0.1:3000"]) {
      const response = await dispatch(
        new Request(`${BASE_URL}/api/meals`, {
          method: "POST",
          headers: { origin, cookie: alice.client.cookie, "content-type": "application/json" },
          body: JSON.stringify({ clientRequestId: randomUUID() }),
        }),
      );
      expect(response.status, origin).toBe(201);
    }
  });
  // Better Auth's own origin check on /api/auth/* is off under NODE_ENV=test (its isTest() default):
  // e2e/security-headers.spec.ts checks it against the production server.
});

describe("security headers", () => {
  it("securityHeaders(production) has a strict CSP and the anti-framing, nosniff and referrer headers", () => {
    const headers = Object.fromEntries(
      securityHeaders(false).map(({ key, value }) => [key.toLowerCase(), value]),
    );
    const csp = headers["content-security-policy"] ?? "";
    const directives = Object.fromEntries(
      csp.split(";").map((part) => {
        const [name = "", ...values] = part.trim().split(/\s+/);
        return [name, values.join(" ")];
      }),
    );
    expect(directives["frame-ancestors"]).toBe("'none'");
    expect(directives["default-src"]).toBe("'self'");
    expect(directives["object-src"]).toBe("'none'");
    expect(directives["base-uri"]).toBe("'self'");
    expect(directives["form-action"]).toBe("'self'");
    expect(directives["script-src"]).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/\*|https?:/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("next.config.ts applies them to every path, without eval in production", async () => {
    const previous = process.env.NODE_ENV;
    vi.stubEnv("NODE_ENV", "production");
    try {
      const rules = (await nextConfig.headers?.()) ?? [];
      const everyPath = rules.find((rule) => rule.source === "/:path*");
      expect(everyPath?.headers).toEqual(securityHeaders(false));
    } finally {
      vi.stubEnv("NODE_ENV", previous ?? "test");
    }
    expect(nextConfig.poweredByHeader).toBe(false);
  });
});

describe("photo bytes are served to their owner only", () => {
  it("answers 404 (never 304, never bytes) to another user, even with the right ETag", async () => {
    const meal = await alice.client.createMeal();
    const uploaded = await alice.client.upload(meal.id, await solidJpeg(64, 64));
    const { photo } = (await uploaded.json()) as { photo: { id: string; url: string } };
    expect(photo.url).toBe(`/api/photos/${photo.id}`);
    const own = await alice.client.get(photo.url);
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toContain("private");
    const etag = own.headers.get("etag") ?? "";
    for (const headers of [{}, { "if-none-match": etag }] as Record<string, string>[]) {
      const foreign = await bob.client.get(photo.url, { headers });
      expect(foreign.status).toBe(404);
      expect(foreign.headers.get("etag")).toBeNull();
      expect(((await foreign.json()) as ErrorBody).error.code).toBe("not_found");
      const anonymous = await new AppClient().get(photo.url, { headers });
      expect(anonymous.status).toBe(401);
    }
  });
});

describe("no secret in the logs", () => {
  it("logs requests, but never the password, the session token or the cookie", async () => {
    const client = new AppClient();
    const email = `secret-${randomUUID()}@example.com`;
    const password = `Pw-${randomUUID()}`;
    const signUpResponse = await client.request("POST", "/api/auth/sign-up/email", {
      json: { email, password, name: "Secretive" },
      headers: { "x-forwarded-for": "203.0.113.70" },
    });
    expect(signUpResponse.status).toBe(200);
    const signUpCookie = client.cookie;
    const signIn = await client.request("POST", "/api/auth/sign-in/email", {
      json: { email, password },
      headers: { "x-forwarded-for": "203.0.113.71" },
    });
    expect(signIn.status).toBe(200);
    const { token } = (await signIn.json()) as { token: string };
    const wrong = await client.request("POST", "/api/auth/sign-in/email", {
      json: { email, password: `${password}-wrong` },
      headers: { "x-forwarded-for": "203.0.113.72" },
    });
    expect(wrong.status).toBe(401);
    // Authenticated traffic, including a failure that logs an error.
    const meal = await client.createMeal();
    expect((await client.get(`/api/meals/${meal.id}`)).status).toBe(200);
    expect(
      (await client.post("/api/ai/cancel", { clientCancelId: randomUUID(), mealId: meal.id })).status,
    ).toBe(200);
    expect((await client.get(`/api/meals/${randomUUID()}`)).status).toBe(404);

    const log = readFileSync(LOG_FILE, "utf8");
    // The log is really written: request lines with their status, and the cancel markers.
    expect(log).toContain('"msg":"request"');
    expect(log).toContain("[AI][Cancel] RECEIVED");
    const secrets = {
      password,
      wrongPassword: `${password}-wrong`,
      token,
      signUpCookie: signUpCookie.split("=")[1] ?? "<none>",
      signInCookie: client.cookie.split("=")[1] ?? "<none>",
      signedTokenUrlEncoded: encodeURIComponent(client.cookie.split("=")[1] ?? "<none>"),
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(10);
      expect(log.includes(secret), `${name} appears in the log`).toBe(false);
    }
    expect(log).not.toMatch(/better-auth\.session_token=/);
  });
});
