import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { cancelEvents } from "@/db/schema";
import { reloadConfig } from "@/lib/config";
import { AppClient, signUp } from "@/test/app-client";
import { solidJpeg } from "@/test/images";

process.env.RATE_LIMIT_CANCELS_PER_MINUTE = "3";
process.env.RATE_LIMIT_UPLOADS_PER_MINUTE = "2";
process.env.RATE_LIMIT_AUTH_PER_MINUTE = "4";
reloadConfig();

describe("rate limits (429 with Retry-After), kept in Postgres", () => {
  it("limits cancels per user, and each user separately", async () => {
    const [ann, ben] = [await signUp(), await signUp()];
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await ann.client.post("/api/ai/cancel", { clientCancelId: randomUUID() })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await ann.client.post("/api/ai/cancel", { clientCancelId: randomUUID() });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect((await ben.client.post("/api/ai/cancel", { clientCancelId: randomUUID() })).status).toBe(200);
  });

  it("counts a cancel refused before or inside its transaction, and a refused cancel records nothing", async () => {
    const user = await signUp();
    const reused = randomUUID();
    const meal = await user.client.createMeal();
    const statuses = [
      // Bad input, refused before the cancel's transaction.
      (await user.client.post("/api/ai/cancel", { clientCancelId: "not-a-uuid" })).status,
      (await user.client.post("/api/ai/cancel", { clientCancelId: reused })).status,
      // The same clientCancelId for a meal: refused inside the transaction, which rolls back.
      (await user.client.post("/api/ai/cancel", { clientCancelId: reused, mealId: meal.id })).status,
      (await user.client.post("/api/ai/cancel", { clientCancelId: randomUUID(), mealId: meal.id })).status,
    ];
    expect(statuses).toEqual([400, 200, 409, 429]);
    const db = await getDb();
    const rows = await db.select().from(cancelEvents).where(eq(cancelEvents.userId, user.id));
    expect(rows.map((row) => row.clientCancelId)).toEqual([reused]);
  });

  it("limits uploads per user before reading the photo", async () => {
    const user = await signUp();
    const meal = await user.client.createMeal();
    const image = await solidJpeg(64, 64);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await user.client.upload(meal.id, image)).status);
    expect(statuses).toEqual([201, 201, 429]);
  });

  it("limits sign-in attempts per client address", async () => {
    const client = new AppClient();
    const attempt = () =>
      client.request("POST", "/api/auth/sign-in/email", {
        json: { email: `nobody-${randomUUID()}@example.com`, password: "wrong-password" },
        headers: { "x-forwarded-for": "203.0.113.7" },
      });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 4).every((status) => status === 401)).toBe(true);
    expect(statuses[4]).toBe(429);
    const other = await client.request("POST", "/api/auth/sign-in/email", {
      json: { email: "someone@example.com", password: "wrong-password" },
      headers: { "x-forwarded-for": "198.51.100.9" },
    });
    expect(other.status).toBe(401);
  });

  it("limits sign-ups per IPv6 /64: addresses of one /64 share a budget, another /64 has its own", async () => {
    const client = new AppClient();
    const signUpFrom = (address: string) =>
      client.request("POST", "/api/auth/sign-up/email", {
        json: { email: `new-${randomUUID()}@example.com`, password: "correct-horse-1", name: "New" },
        headers: { "x-forwarded-for": address },
      });
    const statuses = [];
    for (let i = 1; i <= 5; i++) statuses.push((await signUpFrom(`2001:db8:7:1::${i.toString(16)}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect((await signUpFrom("2001:db8:7:1:ffff:ffff:ffff:ffff")).status).toBe(429);
    expect((await signUpFrom("2001:db8:7:2::1")).status).toBe(200);
  });
});
