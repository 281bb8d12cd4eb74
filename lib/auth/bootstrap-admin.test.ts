import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { reloadConfig } from "@/lib/config";
import { AppClient } from "@/test/app-client";
import { bootstrapAdmin } from "./bootstrap-admin";

process.env.ADMIN_EMAIL = "Admin@Example.com";
process.env.ADMIN_PASSWORD = "admin-password-1";
reloadConfig();

// Each case hashes or verifies passwords several times (scrypt, slow by design): room for a busy machine.
describe("the admin from ADMIN_EMAIL / ADMIN_PASSWORD", { timeout: 120_000 }, () => {
  it("is created once even when two instances start at the same moment, and can sign in", async () => {
    await Promise.all([bootstrapAdmin(), bootstrapAdmin()]);
    const db = await getDb();
    const rows = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.role).toBe("admin");
    const client = new AppClient();
    const signIn = await client.post("/api/auth/sign-in/email", {
      email: "admin@example.com",
      password: "admin-password-1",
    });
    expect(signIn.status).toBe(200);
  });

  it("promotes an existing user whose password is ADMIN_PASSWORD", async () => {
    const db = await getDb();
    await db.update(users).set({ role: "user" }).where(eq(users.email, "admin@example.com"));
    expect(await bootstrapAdmin()).toBe("promoted");
    const [row] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    expect(row?.role).toBe("admin");
    expect(await bootstrapAdmin()).toBe("ready");
  });

  it("refuses to promote an account someone registered first under the operator's email with another password", async () => {
    const operatorEmail = `operator-${randomUUID()}@example.com`;
    const squatter = new AppClient();
    const squatted = await squatter.post("/api/auth/sign-up/email", {
      email: operatorEmail,
      password: "squatter-password-1",
      name: "Not the operator",
    });
    expect(squatted.status).toBe(200);
    process.env.ADMIN_EMAIL = operatorEmail;
    reloadConfig();
    try {
      expect(await bootstrapAdmin()).toBe("refused");
    } finally {
      process.env.ADMIN_EMAIL = "Admin@Example.com";
      reloadConfig();
    }
    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.email, operatorEmail));
    expect(row?.role).toBe("user");
    expect((await squatter.get("/api/admin/integrity")).status).toBe(403);
  });
});
