import "server-only";
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins";
import { getDb } from "@/db/client";
import { accounts, authRateLimits, sessions, users, verifications } from "@/db/schema";
import { appBaseUrl, config, trustedOrigins } from "@/lib/config";
import { keptSecret } from "@/lib/kept-secret";
import { logger, serializeError } from "@/lib/logger";

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

async function createAuth() {
  const db = await getDb();
  const authPerMinute = config().RATE_LIMIT_AUTH_PER_MINUTE;
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
        rateLimit: authRateLimits,
      },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    // Sign-in and sign-up per client address, counted in Postgres so every instance shares them.
    rateLimit: {
      enabled: authPerMinute > 0,
      storage: "database",
      window: 60,
      max: 600,
      customRules: {
        "/sign-in/*": { window: 60, max: authPerMinute },
        "/sign-up/*": { window: 60, max: authPerMinute },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    telemetry: { enabled: false },
    // The session lookup reads the session and its user in one joined statement.
    advanced: { database: { joins: true } },
    // Better Auth's own messages join the app's structured log.
    logger: {
      log: (level, message, ...args) => logger[level]({ auth: args.map(serializeError) }, message),
    },
    plugins: [admin({ defaultRole: "user", adminRoles: ["admin"] }), nextCookies()],
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
