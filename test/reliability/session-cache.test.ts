import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countStatements, getDb } from "@/db/client";
import { sessions } from "@/db/schema";
import { resetAuth } from "@/lib/auth/auth";
import { reloadConfig } from "@/lib/config";
import { AppClient, signUp } from "@/test/app-client";

/**
 * The session cookie cache (SESSION_CACHE_SECONDS): while a client's signed copy of its session is
 * valid, no session lookup runs; once it has expired, a session that was signed out, revoked by a
 * password change or deleted by an operator is refused. The bound is configured short here and
 * waited out; nothing asserts a time.
 */

const previous = process.env.SESSION_CACHE_SECONDS;

function useCacheSeconds(seconds: number): void {
  process.env.SESSION_CACHE_SECONDS = String(seconds);
  reloadConfig();
  resetAuth();
}

// The first request migrates the database and loads the routes: out of the tests' own time.
beforeAll(async () => {
  await signUp("Warm-up");
}, 120_000);

afterAll(() => {
  if (previous === undefined) delete process.env.SESSION_CACHE_SECONDS;
  else process.env.SESSION_CACHE_SECONDS = previous;
  reloadConfig();
  resetAuth();
});

/** Another client holding the same cookies: what a device that kept them (or a thief) sends. */
function replayOf(client: AppClient): AppClient {
  const copy = new AppClient();
  copy.cookie = client.cookie;
  copy.sessionCacheCookie = client.sessionCacheCookie;
  return copy;
}

describe("with the cache valid", () => {
  beforeAll(() => useCacheSeconds(300));

  it("answers a signed-in request without the session lookup", async () => {
    const user = await signUp("Cached");
    expect(user.client.sessionCacheCookie).toMatch(/^better-auth\.session_data=./);
    const tokenOnly = new AppClient();
    tokenOnly.cookie = user.client.cookie;

    const cached = await countStatements(() => user.client.get("/api/goals"));
    const looked = await countStatements(() => tokenOnly.get("/api/goals"));
    expect(cached.result.status).toBe(200);
    expect(looked.result.status).toBe(200);
    expect(cached.statements).toBe(looked.statements - 1);
  });

  it("refuses a forged cache cookie and looks the session up instead", async () => {
    const user = await signUp("Forger");
    const forged = replayOf(user.client);
    const [name, value = ""] = forged.sessionCacheCookie.split("=");
    forged.sessionCacheCookie = `${name}=${value.slice(0, -4)}AAAA`;
    await user.client.post("/api/auth/sign-out", {});
    expect((await forged.get("/api/goals")).status).toBe(401);
  });

  it("checks admin authority in the database: a demoted admin is refused at once", async () => {
    const { makeAdmin } = await import("@/test/seed");
    const admin = await signUp("Admin");
    await makeAdmin(admin.id);
    expect((await admin.client.get("/api/admin/cancel-stats?window=24h")).status).toBe(200);
    const { users } = await import("@/db/schema");
    const db = await getDb();
    await db.update(users).set({ role: "user" }).where(eq(users.id, admin.id));
    expect((await admin.client.get("/api/admin/cancel-stats?window=24h")).status).toBe(403);
  });
});

describe("once the cache's bound has passed", () => {
  const CACHE_SECONDS = 1;
  beforeAll(() => useCacheSeconds(CACHE_SECONDS));
  const waitOutTheBound = () => new Promise((resolve) => setTimeout(resolve, CACHE_SECONDS * 1000 + 300));

  it("a signed-out session is refused to a client replaying its old cookies", async () => {
    const user = await signUp("Leaver");
    const kept = replayOf(user.client);
    expect((await user.client.post("/api/auth/sign-out", {})).status).toBe(200);
    // The browser that signed out dropped its cookies at once.
    expect(user.client.sessionCacheCookie).toBe("");
    expect((await user.client.get("/api/goals")).status).toBe(401);
    await waitOutTheBound();
    expect((await kept.get("/api/goals")).status).toBe(401);
  });

  it("a password change signs the other devices out", async () => {
    const user = await signUp("Changer");
    const otherDevice = new AppClient();
    const signIn = await otherDevice.post("/api/auth/sign-in/email", {
      email: user.email,
      password: "correct-horse-1",
    });
    expect(signIn.status).toBe(200);
    expect(otherDevice.sessionCacheCookie).not.toBe("");
    const changed = await user.client.post("/api/auth/change-password", {
      currentPassword: "correct-horse-1",
      newPassword: "new-correct-horse-2",
    });
    expect(changed.status).toBe(200);
    await waitOutTheBound();
    expect((await otherDevice.get("/api/goals")).status).toBe(401);
    expect((await user.client.get("/api/goals")).status).toBe(200);
  });

  it("a session an operator deletes from the database is refused", async () => {
    const user = await signUp("Revoked");
    expect((await user.client.get("/api/goals")).status).toBe(200);
    const db = await getDb();
    await db.delete(sessions).where(eq(sessions.userId, user.id));
    await waitOutTheBound();
    expect((await user.client.get("/api/goals")).status).toBe(401);
  });
});
