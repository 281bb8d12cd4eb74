import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { accounts, users } from "@/db/schema";
import { config } from "@/lib/config";
import { logger } from "@/lib/logger";
import { getAuth } from "./auth";

export type AdminBootstrap = "created" | "promoted" | "ready" | "refused";

/**
 * Creates the admin named by ADMIN_EMAIL / ADMIN_PASSWORD, or promotes an existing account with
 * that email only when ADMIN_PASSWORD is its password (DESIGN §10). Anyone may sign up with any
 * address, so an account registered first under the operator's email proves nothing by itself.
 */
export async function bootstrapAdmin(): Promise<AdminBootstrap | undefined> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = config();
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return undefined;
  const db = await getDb();
  const auth = await getAuth();
  const email = ADMIN_EMAIL.toLowerCase();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  let created = false;
  if (!existing) {
    try {
      await auth.api.signUpEmail({ body: { email, password: ADMIN_PASSWORD, name: "Admin" } });
      created = true;
    } catch (error) {
      // Another instance starting at the same moment may have created it first: verified below.
      const [raced] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (!raced) throw error;
    }
  }
  const [account] = await db
    .select({ userId: users.id, role: users.role, hash: accounts.password })
    .from(users)
    .leftJoin(accounts, and(eq(accounts.userId, users.id), eq(accounts.providerId, "credential")))
    .where(eq(users.email, email));
  const hashing = (await auth.$context).password;
  const verified = account?.hash
    ? await hashing.verify({ hash: account.hash, password: ADMIN_PASSWORD })
    : false;
  if (!account || !verified) {
    logger.error(
      { email, role: account?.role },
      "ADMIN_EMAIL names an existing account whose password is not ADMIN_PASSWORD: not promoted to admin",
    );
    return "refused";
  }
  if (account.role !== "admin") {
    await db.update(users).set({ role: "admin" }).where(eq(users.id, account.userId));
  }
  const outcome = created ? "created" : account.role === "admin" ? "ready" : "promoted";
  logger.info({ email, outcome }, "Admin account ready");
  return outcome;
}
