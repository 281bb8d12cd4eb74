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

describe("the admin from ADMIN_EMAIL / ADMIN_PASSWORD", () => {
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

  it("promotes an existing user", async () => {
    const db = await getDb();
    await db.update(users).set({ role: "user" }).where(eq(users.email, "admin@example.com"));
    await bootstrapAdmin();
    const [row] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    expect(row?.role).toBe("admin");
  });
});
