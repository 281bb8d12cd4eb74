import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { type APIRequestContext, expect, request, test } from "@playwright/test";
import {
  PHOTO,
  type ServerProcess,
  sessionCookie,
  startOwnServer,
  stopServer,
  waitHealthy,
} from "./production-server";

/**
 * The account edges on a production server of their own (`next start`): an https public URL (so
 * HSTS is on), sign-in limits on, and the operator's admin account. What only the real server
 * shows is tested here: the peer address Next.js appends to X-Forwarded-For, headers set by
 * next.config.ts and the proxy, body limits over a real socket, redirects.
 */

const PUBLIC_URL = "https://mealsnap.example";
const ADMIN = { email: "operator@mealsnap.example", password: "operator-password-1" };
const PASSWORD = "correct-horse-1";
const AUTH_PER_MINUTE = 12;
const SIGN_IN_PER_ACCOUNT = 4;

test.describe.configure({ mode: "serial", timeout: 90_000 });

let server: ServerProcess;
const contexts: APIRequestContext[] = [];

test.beforeAll(async () => {
  server = await startOwnServer("accounts", {
    BETTER_AUTH_URL: PUBLIC_URL,
    BETTER_AUTH_SECRET: "accounts-secret-accounts-secret-0123456",
    DEMO_RECOGNITION_LATENCY_MS: "0",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    RATE_LIMIT_AUTH_PER_MINUTE: String(AUTH_PER_MINUTE),
    RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_HOUR: String(SIGN_IN_PER_ACCOUNT),
  });
  await waitHealthy(server);
});

test.afterAll(async () => {
  for (const context of contexts) await context.dispose();
  if (server) await stopServer(server);
});

async function client(cookie?: string): Promise<APIRequestContext> {
  const context = await request.newContext({
    baseURL: server.url,
    extraHTTPHeaders: { origin: server.url, ...(cookie ? { cookie } : {}) },
  });
  contexts.push(context);
  return context;
}

async function signIn(email: string, password: string): Promise<APIRequestContext> {
  const response = await (await client()).post("/api/auth/sign-in/email", { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
  return client(sessionCookie(response));
}

test("the admin plugin's routes are gone: impersonation and user management answer 404 to an admin", async () => {
  const user = await (await client()).post("/api/auth/sign-up/email", {
    data: { email: `victim-${randomUUID()}@example.com`, password: PASSWORD, name: "Victim" },
  });
  expect(user.status()).toBe(200);
  const { user: victim } = (await user.json()) as { user: { id: string } };
  const admin = await signIn(ADMIN.email, ADMIN.password);
  expect((await admin.get("/api/admin/integrity")).status()).toBe(200);
  for (const route of ["impersonate-user", "list-users", "set-user-password", "remove-user", "set-role"]) {
    const response = await admin.post(`/api/auth/admin/${route}`, {
      data: { userId: victim.id, newPassword: "taken-over-1", role: "admin" },
    });
    expect(response.status(), route).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
    expect(response.headers()["set-cookie"], route).toBeUndefined();
  }
});

test("the email-verification redirect is closed, and `next` can only stay on this site", async () => {
  const context = await client();
  for (const callback of ["/..//evil.example/phish", "/.//evil.example/phish", "/%2e%2e//evil.example"]) {
    const response = await context.get(
      `/api/auth/verify-email?token=x&callbackURL=${encodeURIComponent(callback)}`,
      {
        maxRedirects: 0,
      },
    );
    expect(response.status()).toBe(404);
    expect(response.headers().location).toBeUndefined();
  }
  // The sign-in page passes the `next` it accepted on to its "Create an account" link.
  const nonAscii = await context.get("/sign-in?next=/%E3%80%80/x", { maxRedirects: 0 });
  expect(nonAscii.status()).toBe(200);
  expect(await nonAscii.text()).toContain(`href="/sign-up?next=${encodeURIComponent("/%E3%80%80/x")}"`);
  const foreign = await context.get("/sign-in?next=/.//evil.example/phish", { maxRedirects: 0 });
  expect(foreign.status()).toBe(200);
  expect(await foreign.text()).toContain('href="/sign-up"');
});

test("HSTS on pages and API answers when the public URL is https", async () => {
  const context = await client();
  for (const pathName of ["/sign-in", "/api/health", "/api/meals?date=2026-01-01"]) {
    const response = await context.get(pathName, { maxRedirects: 0 });
    expect(response.headers()["strict-transport-security"], pathName).toBe(
      "max-age=63072000; includeSubDomains",
    );
  }
});

test("photo bytes keep their own sandbox CSP and are revalidated, never cached for a year", async () => {
  const email = `photo-${randomUUID()}@example.com`;
  const signUp = await (await client()).post("/api/auth/sign-up/email", {
    data: { email, password: PASSWORD, name: "Photo" },
  });
  expect(signUp.status()).toBe(200);
  const owner = await client(sessionCookie(signUp));
  const meal = await owner.post("/api/meals", { data: { clientRequestId: randomUUID() } });
  const { meal: created } = (await meal.json()) as { meal: { id: string } };
  const upload = await owner.post(`/api/meals/${created.id}/photos`, {
    multipart: {
      file: { name: "salad.jpg", mimeType: "image/jpeg", buffer: PHOTO },
      clientUploadId: randomUUID(),
    },
  });
  expect(upload.status()).toBe(201);
  const { photo } = (await upload.json()) as { photo: { id: string } };
  const bytes = await owner.get(`/api/photos/${photo.id}`);
  expect(bytes.status()).toBe(200);
  const headers = bytes.headers();
  expect(headers["content-security-policy"]).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
  expect(headers["cache-control"]).toBe("private, no-cache");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  const revalidated = await owner.get(`/api/photos/${photo.id}`, {
    headers: { "if-none-match": headers.etag ?? "" },
  });
  expect(revalidated.status()).toBe(304);
  const signedOut = await (await client()).get(`/api/photos/${photo.id}`, {
    headers: { "if-none-match": headers.etag ?? "" },
  });
  expect(signedOut.status()).toBe(401);
});

/** Sends a POST declaring `declared` bytes and streams only a little: the answer must not wait for the rest. */
function postHuge(
  pathName: string,
  declared: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(pathName, server.url);
    const outgoing = httpRequest(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(declared),
        origin: server.url,
        ...headers,
      },
    });
    outgoing.on("response", (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => {
        outgoing.destroy();
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    outgoing.on("error", reject);
    outgoing.write(Buffer.alloc(256 * 1024, 0x20));
  });
}

// Shaped like Inngest's signature, so the job call passes the header check (an unsigned one is 401,
// e2e/job-endpoint.spec.ts) and meets the body limit: the signature itself is checked on the body.
const WELL_FORMED_SIGNATURE = {
  "x-inngest-signature": `t=${Math.floor(Date.now() / 1000)}&s=${"0".repeat(64)}`,
};

test("a 600 MB sign-in, sign-up or signed-looking job call is refused with 413 before its body is read", async () => {
  for (const [pathName, headers] of [
    ["/api/auth/sign-in/email", {}],
    ["/api/auth/sign-up/email", {}],
    ["/api/inngest?fnId=x&stepId=step", WELL_FORMED_SIGNATURE],
  ] as const) {
    const { status, body } = await postHuge(pathName, 600 * 1024 * 1024, headers);
    expect(status, pathName).toBe(413);
    expect(JSON.parse(body).error.code).toBe("payload_too_large");
  }
});

test("sign-in is limited per account, whatever X-Forwarded-For the client sends", async () => {
  const email = `target-${randomUUID()}@example.com`;
  expect(
    (
      await (
        await client()
      ).post("/api/auth/sign-up/email", { data: { email, password: PASSWORD, name: "Target" } })
    ).status(),
  ).toBe(200);
  const statuses: number[] = [];
  for (let i = 0; i < SIGN_IN_PER_ACCOUNT + 2; i++) {
    const response = await (await client()).post("/api/auth/sign-in/email", {
      data: { email, password: `wrong-password-${i}` },
      headers: { "x-forwarded-for": `198.51.100.${i + 1}` },
    });
    statuses.push(response.status());
    if (response.status() === 429) expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
  }
  expect(statuses).toEqual([...Array(SIGN_IN_PER_ACCOUNT).fill(401), 429, 429]);
});

test("sign-in is limited per client address: the address the server saw, not one the client wrote", async () => {
  const statuses: number[] = [];
  // Each attempt names another account and claims another address; all come from this machine.
  for (let i = 0; i < AUTH_PER_MINUTE + 2; i++) {
    const response = await (await client()).post("/api/auth/sign-in/email", {
      data: { email: `nobody-${randomUUID()}@example.com`, password: "wrong-password" },
      headers: { "x-forwarded-for": `192.0.2.${i + 1}` },
    });
    statuses.push(response.status());
  }
  expect(statuses).toContain(429);
  expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(AUTH_PER_MINUTE);
  expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
});
