import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { countStatements } from "@/db/client";
import { signUp, type TestUser } from "@/test/app-client";
import { getSessionUser } from "./session";

/**
 * better-call's signed cookies and the session cache's signature are checked with node:crypto's
 * HMAC (patches/better-call+1.4.5.patch, patches/@better-auth+utils+0.5.1.patch) instead of
 * WebCrypto. Real better-auth, real cookies from a sign-up: the good ones are accepted, and any
 * change to a signed value or its signature is refused as before.
 */

let user: TestUser;
const DB_NAME = "Signed";

beforeAll(async () => {
  user = await signUp(DB_NAME);
}, 120_000);

afterEach(() => vi.restoreAllMocks());

/** A cookie header's `name=value` split, the value URL-decoded as better-call reads it. */
function split(cookie: string): [string, string] {
  const at = cookie.indexOf("=");
  return [cookie.slice(0, at), decodeURIComponent(cookie.slice(at + 1))];
}

const headersOf = (...cookies: string[]) => new Headers({ cookie: cookies.filter(Boolean).join("; ") });

/** The session token cookie with its token or its signature changed. */
function tamperedToken(part: "token" | "signature"): string {
  const [name, value] = split(user.client.cookie);
  const dot = value.lastIndexOf(".");
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  const changed =
    part === "token"
      ? `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}.${signature}`
      : `${token}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
  return `${name}=${encodeURIComponent(changed)}`;
}

/** The session cache cookie with the user's name changed and the signature kept. */
function tamperedCache(): string {
  const [name, value] = split(user.client.sessionCacheCookie);
  const cache = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  cache.session.user.name = "Forged";
  return `${name}=${Buffer.from(JSON.stringify(cache)).toString("base64url")}`;
}

describe("signed session cookies, checked with node:crypto", () => {
  it("accepts the good cookies from the cache, without WebCrypto and without SQL", async () => {
    const verify = vi.spyOn(globalThis.crypto.subtle, "verify");
    const checked = await countStatements(() =>
      getSessionUser(headersOf(user.client.cookie, user.client.sessionCacheCookie)),
    );
    expect(checked.result).toMatchObject({ id: user.id, name: DB_NAME });
    expect(checked.statements).toBe(0);
    expect(verify).not.toHaveBeenCalled();
  });

  it("accepts the good token cookie alone, looking the session up", async () => {
    const checked = await countStatements(() => getSessionUser(headersOf(user.client.cookie)));
    expect(checked.result).toMatchObject({ id: user.id, name: DB_NAME });
    expect(checked.statements).toBe(1);
  });

  it("refuses a session token cookie whose token or signature was changed", async () => {
    for (const part of ["token", "signature"] as const) {
      expect(await getSessionUser(headersOf(tamperedToken(part), user.client.sessionCacheCookie))).toBeNull();
      expect(await getSessionUser(headersOf(tamperedToken(part)))).toBeNull();
    }
  });

  it("refuses a cache cookie whose content was changed, and reads the session from the database", async () => {
    const checked = await countStatements(() =>
      getSessionUser(headersOf(user.client.cookie, tamperedCache())),
    );
    expect(checked.result).toMatchObject({ id: user.id, name: DB_NAME });
    expect(checked.statements).toBe(1);
  });
});
