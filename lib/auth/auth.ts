import "server-only";
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "@/db/client";
import { accounts, sessions, users, verifications } from "@/db/schema";
import { appBaseUrl, config, trustedOrigins } from "@/lib/config";
import { keptSecret } from "@/lib/kept-secret";
import { logger, serializeError } from "@/lib/logger";
import { PASSWORD_LENGTH } from "./account-limits";

/**
 * Without BETTER_AUTH_SECRET, a random secret is generated once and kept beside the embedded data,
 * so sessions survive restarts of a single local instance. Several instances must share one secret.
 */
function authSecret(): string {
  return (
    config().BETTER_AUTH_SECRET ??
    keptSecret("auth-secret", "BETTER_AUTH_SECRET", () => randomBytes(32).toString("base64url"))
  );
}

/** Set on every request handed to the auth library, replacing any value the client sent. */
export const CLIENT_ADDRESS_HEADER = "x-mealsnap-client-address";

/**
 * Some endpoints (the session lookup) answer a failure with a 500 of the library's own that hides
 * the real error in `cause`. It goes on as that error, like the library's other failures
 * (`onAPIError.throw`), so the route wrapper maps it: 503 when the database is unreachable.
 */
const rethrowWrappedFailure = createAuthMiddleware(async (ctx) => {
  const returned = ctx.context.returned;
  if (isAPIError(returned) && returned.statusCode >= 500 && returned.cause) throw returned.cause;
});

async function createAuth() {
  const db = await getDb();
  return betterAuth({
    appName: "Mealsnap",
    baseURL: appBaseUrl(),
    secret: authSecret(),
    trustedOrigins: trustedOrigins(),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        user: users,
        session: sessions,
        account: accounts,
        verification: verifications,
      },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_LENGTH.min,
      maxPasswordLength: PASSWORD_LENGTH.max,
      autoSignIn: true,
    },
    // The role is the app's own field: set by the admin bootstrap, never by a request.
    user: {
      additionalFields: { role: { type: "string", required: false, defaultValue: "user", input: false } },
    },
    // Limits are counted by lib/auth/handle-auth-request.ts, per address and per account.
    rateLimit: { enabled: false },
    // Failures reach the route wrapper, which answers in the app's error shape (503 when the
    // database is down) and logs them with the app's redaction.
    onAPIError: { throw: true },
    hooks: { after: rethrowWrappedFailure },
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
      // A signed copy of the session and its user in a cookie spares the session lookup until it
      // expires; a revoked session is refused once it has (the bound of SESSION_CACHE_SECONDS).
      cookieCache: {
        enabled: config().SESSION_CACHE_SECONDS > 0,
        maxAge: config().SESSION_CACHE_SECONDS || 1,
      },
    },
    telemetry: { enabled: false },
    // The session lookup reads the session and its user in one joined statement.
    // The client address as lib/http/client-address.ts reads it, set by handle-auth-request.ts.
    advanced: { database: { joins: true }, ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    // Better Auth's own messages join the app's structured log.
    logger: {
      log: (level, message, ...args) => logger[level]({ auth: args.map(serializeError) }, message),
    },
    plugins: [nextCookies()],
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

const globalAuth = globalThis as unknown as { __mealsnapAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  globalAuth.__mealsnapAuth ??= createAuth();
  return globalAuth.__mealsnapAuth;
}

/** Used by tests that swap databases between suites. */
export function resetAuth(): void {
  globalAuth.__mealsnapAuth = undefined;
}
