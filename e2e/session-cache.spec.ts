import { randomUUID } from "node:crypto";
import { type APIRequestContext, type APIResponse, expect, request, test } from "@playwright/test";
import {
  freshDatabase,
  type ServerProcess,
  startOwnServer,
  stopServer,
  waitHealthy,
} from "./production-server";

/**
 * The session cookie cache's bound over real HTTP, on a production server of its own with
 * SESSION_CACHE_SECONDS=1 on real Postgres: a client that keeps replaying the cookies it was given
 * is refused once the bound has passed after a sign-out, a password change that revokes its
 * session, or an operator's deletion of its session row. The bound is waited out; no time is
 * asserted.
 */

const CACHE_SECONDS = 1;
const PASSWORD = "correct-horse-1";
let database: Awaited<ReturnType<typeof freshDatabase>>;
let server: ServerProcess;
const contexts: APIRequestContext[] = [];

test.beforeAll(async () => {
  database = await freshDatabase("mealsnap_e2e_session_cache");
  server = await startOwnServer("session-cache", {
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: "session-cache-secret-session-cache-0123",
    SESSION_CACHE_SECONDS: String(CACHE_SECONDS),
  });
  await waitHealthy(server);
});

test.afterAll(async () => {
  for (const context of contexts) await context.dispose();
  if (server) await stopServer(server);
  await database?.drop();
});

/** A client that sends exactly `cookies` on every request, whatever the server answers. */
async function replaying(cookies: string): Promise<APIRequestContext> {
  const context = await request.newContext({
    baseURL: server.url,
    extraHTTPHeaders: { origin: server.url, ...(cookies ? { cookie: cookies } : {}) },
  });
  contexts.push(context);
  return context;
}

/** The session token and the session cache's cookie a sign-up or sign-in set. */
function sessionCookies(response: APIResponse): string {
  const cookies = response
    .headersArray()
    .filter((header) => header.name.toLowerCase() === "set-cookie")
    .map((header) => header.value.split(";")[0] ?? "")
    .filter((value) => /^better-auth\.session_(token|data)=./.test(value));
  expect(cookies.map((cookie) => cookie.split("=")[0]).sort()).toEqual([
    "better-auth.session_data",
    "better-auth.session_token",
  ]);
  return cookies.join("; ");
}

async function signUp(name: string) {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  const response = await (await replaying("")).post("/api/auth/sign-up/email", {
    data: { email, password: PASSWORD, name },
  });
  expect(response.status(), await response.text()).toBe(200);
  const { user } = (await response.json()) as { user: { id: string } };
  return { id: user.id, email, cookies: sessionCookies(response) };
}

const waitOutTheBound = () => new Promise((resolve) => setTimeout(resolve, CACHE_SECONDS * 1000 + 500));

test("a signed-out session is refused to a client replaying its old cookies", async () => {
  const user = await signUp("Leaver");
  const kept = await replaying(user.cookies);
  expect((await kept.get("/api/goals")).status()).toBe(200);
  expect((await kept.post("/api/auth/sign-out", { data: {} })).status()).toBe(200);
  await waitOutTheBound();
  expect((await kept.get("/api/goals")).status()).toBe(401);
});

test("a password change signs the other devices out", async () => {
  const user = await signUp("Changer");
  const signIn = await (await replaying("")).post("/api/auth/sign-in/email", {
    data: { email: user.email, password: PASSWORD },
  });
  expect(signIn.status()).toBe(200);
  const otherDevice = await replaying(sessionCookies(signIn));
  expect((await otherDevice.get("/api/goals")).status()).toBe(200);
  const changed = await (await replaying(user.cookies)).post("/api/auth/change-password", {
    data: { currentPassword: PASSWORD, newPassword: "new-correct-horse-2" },
  });
  expect(changed.status(), await changed.text()).toBe(200);
  await waitOutTheBound();
  expect((await otherDevice.get("/api/goals")).status()).toBe(401);
});

test("a session an operator deletes from the database is refused", async () => {
  const user = await signUp("Revoked");
  const kept = await replaying(user.cookies);
  expect((await kept.get("/api/goals")).status()).toBe(200);
  await database.sql`delete from sessions where user_id = ${user.id}`;
  await waitOutTheBound();
  expect((await kept.get("/api/goals")).status()).toBe(401);
});
