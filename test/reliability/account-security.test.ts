import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { accounts, sessions, users } from "@/db/schema";
import { MAX_NAME_LENGTH } from "@/lib/auth/account-limits";
import { reloadConfig } from "@/lib/config";
import { STRICT_TRANSPORT_SECURITY } from "@/lib/http/security-headers";
import { AppClient, type TestUser } from "@/test/app-client";

/**
 * The account edges around the auth library (DESIGN §5 "Auth surface"): only the endpoints the
 * product uses answer, every failure in the app's error shape, limits per account and per
 * client address, bounded input, and a password change that signs out every other session.
 */

vi.hoisted(() => {
  process.env.RATE_LIMIT_AUTH_PER_MINUTE = "4";
  process.env.RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_HOUR = "5";
  process.env.TRUSTED_PROXIES = "10.0.0.0/8";
});

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const PASSWORD = "correct-horse-1"; // what signUp() in test/app-client.ts uses
let addressSeed = 0;
/** An address of its own, behind the trusted proxy 10.0.0.1, so the per-address limit never trips. */
function freshAddress(): Record<string, string> {
  addressSeed += 1;
  return { "x-forwarded-for": `198.51.100.${addressSeed}, 10.0.0.1` };
}

let alice: TestUser;
beforeAll(async () => {
  alice = await signUpFrom(freshAddress(), "Alice");
});

async function signUpFrom(headers: Record<string, string>, name: string): Promise<TestUser> {
  const client = new AppClient();
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  const response = await client.request("POST", "/api/auth/sign-up/email", {
    json: { email, password: PASSWORD, name },
    headers,
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const { user } = (await response.json()) as { user: { id: string } };
  return { client, id: user.id, email };
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorBody> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  return body;
}

describe("the auth surface: only the endpoints the product uses", () => {
  const closed = [
    ["POST", "/api/auth/admin/impersonate-user"],
    ["POST", "/api/auth/admin/list-users"],
    ["GET", "/api/auth/admin/list-users"],
    ["POST", "/api/auth/admin/set-user-password"],
    ["POST", "/api/auth/admin/remove-user"],
    ["POST", "/api/auth/admin/set-role"],
    ["POST", "/api/auth/update-user"],
    ["POST", "/api/auth/delete-user"],
    ["GET", "/api/auth/verify-email?token=x&callbackURL=/..//evil.example/phish"],
    ["POST", "/api/auth/send-verification-email"],
    ["POST", "/api/auth/request-password-reset"],
    ["POST", "/api/auth/reset-password"],
    ["POST", "/api/auth/change-email"],
    ["GET", "/api/auth/list-sessions"],
    ["POST", "/api/auth/revoke-sessions"],
    ["POST", "/api/auth/sign-in/social"],
    ["GET", "/api/auth/sign-in/email"],
  ] as const;

  it.each(closed)(
    "%s %s answers 404 in the error shape, even to an admin, and changes nothing",
    async (method, path) => {
      const admin = await signUpFrom(freshAddress(), "Admin");
      const db = await getDb();
      await db.update(users).set({ role: "admin" }).where(eq(users.id, admin.id));
      const sessionsBefore = await db.select().from(sessions).where(eq(sessions.userId, alice.id));
      const response = await admin.client.request(method, path, {
        json:
          method === "POST" ? { userId: alice.id, newPassword: "taken-over-1", name: "\u0000" } : undefined,
      });
      await expectError(response, 404, "not_found");
      expect(response.headers.get("location")).toBeNull();
      expect(await db.select().from(sessions).where(eq(sessions.userId, alice.id))).toEqual(sessionsBefore);
      const [aliceRow] = await db.select().from(users).where(eq(users.id, alice.id));
      expect(aliceRow?.name).toBe("Alice");
    },
  );

  it("a sign-up cannot choose its role", async () => {
    const client = new AppClient();
    const email = `role-${randomUUID()}@example.com`;
    const response = await client.request("POST", "/api/auth/sign-up/email", {
      json: { email, password: PASSWORD, name: "Mallory", role: "admin" },
      headers: freshAddress(),
    });
    expect(response.status).toBe(200);
    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.email, email));
    expect(row?.role).toBe("user");
    expect((await client.get("/api/admin/integrity")).status).toBe(403);
  });
});

describe("auth failures in the app's error shape", () => {
  it("a wrong password is 401 unauthorized, an email taken is 409 conflict", async () => {
    const wrong = await new AppClient().request("POST", "/api/auth/sign-in/email", {
      json: { email: alice.email, password: "wrong-password" },
      headers: freshAddress(),
    });
    await expectError(wrong, 401, "unauthorized");
    const taken = await new AppClient().request("POST", "/api/auth/sign-up/email", {
      json: { email: alice.email, password: PASSWORD, name: "Again" },
      headers: freshAddress(),
    });
    await expectError(taken, 409, "conflict");
  });

  it("a name is bounded and storable: too long or with NUL is 400 and creates no user", async () => {
    for (const name of ["x".repeat(MAX_NAME_LENGTH + 1), "nul\u0000name", "   "]) {
      const email = `name-${randomUUID()}@example.com`;
      const response = await new AppClient().request("POST", "/api/auth/sign-up/email", {
        json: { email, password: PASSWORD, name },
        headers: freshAddress(),
      });
      const body = await expectError(response, 400, "validation_failed");
      expect(JSON.stringify(body.error.details)).toContain("name");
      const db = await getDb();
      expect(await db.select().from(users).where(eq(users.email, email))).toEqual([]);
    }
  });

  it("a body that is not JSON is 415 or 400, never 500", async () => {
    const client = new AppClient();
    const asText = await client.request("POST", "/api/auth/sign-in/email", {
      body: "email=a@b.c",
      headers: { "content-type": "application/x-www-form-urlencoded", ...freshAddress() },
    });
    await expectError(asText, 415, "unsupported_media_type");
    const broken = await client.request("POST", "/api/auth/sign-in/email", {
      body: "{",
      headers: { "content-type": "application/json", ...freshAddress() },
    });
    await expectError(broken, 400, "bad_request");
  });
});

describe("the body limit on /api/auth/*", () => {
  it("refuses a declared large body with 413 before reading it", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const request = new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(600 * 1024 * 1024),
        origin: "http://localhost:3000",
      },
      body,
      duplex: "half",
    } as RequestInit);
    const { dispatch } = await import("@/test/app-client");
    await expectError(await dispatch(request), 413, "payload_too_large");
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("refuses a streamed body once it passes the limit, without reading the rest", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 600) controller.close();
        else controller.enqueue(new Uint8Array(1024 * 1024).fill(0x20));
      },
    });
    const request = new Request("http://localhost:3000/api/auth/sign-up/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000" },
      body,
      duplex: "half",
    } as RequestInit);
    const { dispatch } = await import("@/test/app-client");
    await expectError(await dispatch(request), 413, "payload_too_large");
    expect(pulled).toBeLessThan(5);
  });
});

describe("sign-in limits: per account and per client address", () => {
  it("guesses for one account spread over many addresses are refused once the account's budget is spent", async () => {
    const target = await signUpFrom(freshAddress(), "Target");
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 8; i++) {
      const response = await new AppClient().request("POST", "/api/auth/sign-in/email", {
        json: { email: target.email.toUpperCase(), password: `wrong-password-${i}` },
        headers: freshAddress(),
      });
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const retryAfter = Number(limited?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    await expectError(limited as Response, 429, "rate_limited");
    // Another account is not affected.
    const bob = await signUpFrom(freshAddress(), "Bob");
    const ok = await new AppClient().request("POST", "/api/auth/sign-in/email", {
      json: { email: bob.email, password: PASSWORD },
      headers: freshAddress(),
    });
    expect(ok.status).toBe(200);
  });

  it("an address the client writes itself does not count: the last untrusted hop is the client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // The client claims a new address each time; the peer (203.0.113.9) is not a trusted proxy.
      const response = await new AppClient().request("POST", "/api/auth/sign-in/email", {
        json: { email: `nobody-${randomUUID()}@example.com`, password: "wrong-password" },
        headers: { "x-forwarded-for": `192.0.2.${i + 1}, 203.0.113.9` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it("addresses added by trusted proxies are read through to the client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await new AppClient().request("POST", "/api/auth/sign-in/email", {
        json: { email: `nobody-${randomUUID()}@example.com`, password: "wrong-password" },
        headers: { "x-forwarded-for": `192.0.2.200, 198.18.7.7, 10.1.2.3, 10.0.0.1` },
      });
      statuses.push(response.status);
    }
    // 198.18.7.7 is the client (left of it is its own claim); limited after 4 like any address.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});

describe("password attempts: one budget per account, through sign-in and password change alike", () => {
  const changePassword = (user: TestUser, currentPassword: string, headers = freshAddress()) =>
    user.client.request("POST", "/api/auth/change-password", {
      json: { currentPassword, newPassword: "new-correct-horse-2" },
      headers,
    });
  const storedPassword = async (user: TestUser) => {
    const db = await getDb();
    const [row] = await db.select().from(accounts).where(eq(accounts.userId, user.id));
    return row?.password;
  };

  it("guesses through a signed-in session spend the account's budget: then even the right password is refused with 429", async () => {
    const victim = await signUpFrom(freshAddress(), "Stolen");
    const before = await storedPassword(victim);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await changePassword(victim, `wrong-password-${i}`)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    const limited = await changePassword(victim, PASSWORD);
    await expectError(limited, 429, "rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await storedPassword(victim)).toBe(before);
    expect((await victim.client.get("/api/goals")).status).toBe(200);
  });

  it("sign-in guesses and password-change guesses count in the same budget", async () => {
    const user = await signUpFrom(freshAddress(), "Shared");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await new AppClient().request("POST", "/api/auth/sign-in/email", {
        json: { email: user.email, password: `wrong-password-${i}` },
        headers: freshAddress(),
      });
      statuses.push(response.status);
    }
    for (let i = 0; i < 2; i++) statuses.push((await changePassword(user, `wrong-password-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 400, 400]);
    await expectError(await changePassword(user, PASSWORD), 429, "rate_limited");
    const signIn = await new AppClient().request("POST", "/api/auth/sign-in/email", {
      json: { email: user.email, password: PASSWORD },
      headers: freshAddress(),
    });
    await expectError(signIn, 429, "rate_limited");
  });

  it("password changes count against the client address's limit too", async () => {
    const [ann, ben] = [await signUpFrom(freshAddress(), "Ann"), await signUpFrom(freshAddress(), "Ben")];
    const address = freshAddress();
    const statuses = [
      (await changePassword(ann, "wrong-password-1", address)).status,
      (await changePassword(ann, "wrong-password-2", address)).status,
      (await changePassword(ben, "wrong-password-1", address)).status,
      (await changePassword(ben, "wrong-password-2", address)).status,
      // Ben's third attempt: within his account's budget (5), past the address's (4 a minute).
      (await changePassword(ben, "wrong-password-3", address)).status,
    ];
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
  });
});

describe("changing the password", () => {
  it("signs out every other session of the user, keeps the one that changed it, and the old password stops working", async () => {
    const user = await signUpFrom(freshAddress(), "Changer");
    const otherDevice = new AppClient();
    const signIn = await otherDevice.request("POST", "/api/auth/sign-in/email", {
      json: { email: user.email, password: PASSWORD },
      headers: freshAddress(),
    });
    expect(signIn.status).toBe(200);
    expect((await otherDevice.get("/api/goals")).status).toBe(200);

    const changed = await user.client.post("/api/auth/change-password", {
      currentPassword: PASSWORD,
      newPassword: "new-correct-horse-2",
      revokeOtherSessions: false,
    });
    expect(changed.status).toBe(200);
    // Without its session cache cookie, which stands in for the lookup until it expires (that
    // bound: session-cache.test.ts), the other device is refused at once.
    otherDevice.sessionCacheCookie = "";
    await expectError(await otherDevice.get("/api/goals"), 401, "unauthorized");
    expect((await user.client.get("/api/goals")).status).toBe(200);
    const db = await getDb();
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
    const old = await new AppClient().request("POST", "/api/auth/sign-in/email", {
      json: { email: user.email, password: PASSWORD },
      headers: freshAddress(),
    });
    expect(old.status).toBe(401);
  });

  it("refuses a wrong current password with 400 and changes nothing", async () => {
    const user = await signUpFrom(freshAddress(), "Keeper");
    const refused = await user.client.post("/api/auth/change-password", {
      currentPassword: "not-my-password",
      newPassword: "new-correct-horse-2",
    });
    await expectError(refused, 400, "bad_request");
    const again = await new AppClient().request("POST", "/api/auth/sign-in/email", {
      json: { email: user.email, password: PASSWORD },
      headers: freshAddress(),
    });
    expect(again.status).toBe(200);
  });
});

describe("HSTS", () => {
  it("is sent on API answers when the public URL is https, and not over http", async () => {
    const before = await new AppClient().get("/api/health");
    expect(before.headers.get("strict-transport-security")).toBeNull();
    const previous = process.env.BETTER_AUTH_URL;
    process.env.BETTER_AUTH_URL = "https://mealsnap.example";
    reloadConfig();
    try {
      const response = await new AppClient().get("/api/meals?date=2026-01-01");
      expect(response.status).toBe(401);
      expect(response.headers.get("strict-transport-security")).toBe(STRICT_TRANSPORT_SECURITY);
    } finally {
      process.env.BETTER_AUTH_URL = previous;
      reloadConfig();
    }
  });
});
