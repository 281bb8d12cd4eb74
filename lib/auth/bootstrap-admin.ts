import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { config } from "@/lib/config";
import { logger } from "@/lib/logger";
import { getAuth } from "./auth";

/** Creates or promotes the admin named by ADMIN_EMAIL / ADMIN_PASSWORD (DESIGN §10). */
export async function bootstrapAdmin(): Promise<void> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = config();
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return;
  const db = await getDb();
  const email = ADMIN_EMAIL.toLowerCase();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!existing) {
    const auth = await getAuth();
    try {
      await auth.api.signUpEmail({ body: { email, password: ADMIN_PASSWORD, name: "Admin" } });
    } catch (error) {
      // Another instance starting at the same moment created it first: promote that one.
      const [created] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (!created) throw error;
    }
  }
  await db.update(users).set({ role: "admin" }).where(eq(users.email, email));
  logger.info({ email, created: !existing }, "Admin account ready");
}
