import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { foodItems } from "@/db/schema";
import { reloadConfig } from "@/lib/config";
import { signUp } from "@/test/app-client";
import { seedItem, seedMeal, seedPhoto } from "@/test/seed";
import { claimAlarmTransitions } from "./alarm-transitions";
import { postAlarmTransition } from "./post-alarm-transition";

const received: Array<{ text: string }> = [];
let webhook: Server;

beforeAll(async () => {
  webhook = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push(JSON.parse(body) as { text: string });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
  process.env.ALERT_WEBHOOK_URL = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
  process.env.BETTER_AUTH_URL = "https://mealsnap.example";
  reloadConfig();
});

afterAll(async () => {
  delete process.env.ALERT_WEBHOOK_URL;
  delete process.env.BETTER_AUTH_URL;
  reloadConfig();
  await new Promise((resolve) => webhook.close(resolve));
});

/**
 * What the scheduled function does, on `instances` instances at once: truly concurrent on real
 * Postgres (TEST_POSTGRES_URL); PGlite has one connection and runs the checks one after another.
 */
async function checkOn(instances: number): Promise<void> {
  const claimed = await Promise.all(Array.from({ length: instances }, () => claimAlarmTransitions()));
  for (const transition of claimed.flat()) await postAlarmTransition(transition);
}

describe("integrity alarms reach the webhook once per transition", () => {
  it("posts nothing while every alarm is quiet, once when one turns on and once when it turns off", async () => {
    await checkOn(2);
    expect(received).toEqual([]);

    // A race-guard failure: a CANCELLED photo with an item.
    const user = await signUp("Alarmed");
    const meal = await seedMeal(user.id, { date: "2026-05-05", status: "FAILED" });
    const photo = await seedPhoto(user.id, meal.id, "CANCELLED");
    await seedItem(meal.id, photo.id);

    await checkOn(3);
    expect(received).toHaveLength(1);
    expect(received[0]?.text).toMatch(
      /^\[P0\] Mealsnap alarm terminal_photos_with_items FIRING \(count 1\): /,
    );
    expect(received[0]?.text).toContain("https://mealsnap.example/admin/cancel-audit");

    await checkOn(2);
    expect(received).toHaveLength(1);

    const db = await getDb();
    await db.delete(foodItems).where(eq(foodItems.photoId, photo.id));
    await checkOn(3);
    expect(received).toHaveLength(2);
    expect(received[1]?.text).toMatch(/^\[P0\] Mealsnap alarm terminal_photos_with_items resolved: /);

    await checkOn(2);
    expect(received).toHaveLength(2);
  });
});
