import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestUser } from "@/test/app-client";
import { seedMeal, seedPhoto } from "@/test/seed";

const DATE = "2026-11-21";

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await signUp("Alice");
  bob = await signUp("Bob");
});

interface Stopped {
  date: string;
  meals: { id: string; status: string; photoIds: string[] }[];
}

describe("GET /api/meals/stopped", () => {
  it("lists a meal the user stopped (FAILED, a photo CANCELLED) apart from the diary, to its owner only", async () => {
    const meal = await seedMeal(alice.id, { date: DATE, status: "PROCESSING" });
    const photo = await seedPhoto(alice.id, meal.id, "PENDING");
    const cancel = await alice.client.post("/api/ai/cancel", {
      clientCancelId: randomUUID(),
      mealId: meal.id,
    });
    expect(cancel.status).toBe(200);

    // A meal that failed on its own was not stopped by the user: not listed.
    const failed = await seedMeal(alice.id, { date: DATE, status: "FAILED" });
    await seedPhoto(alice.id, failed.id, "FAILED");

    const response = await alice.client.get(`/api/meals/stopped?date=${DATE}`);
    expect(response.status).toBe(200);
    const stopped = (await response.json()) as Stopped;
    expect(stopped).toEqual({
      date: DATE,
      meals: [expect.objectContaining({ id: meal.id, status: "FAILED", photoIds: [photo.id] })],
    });

    const diary = (await (await alice.client.get(`/api/meals?date=${DATE}`)).json()) as { meals: unknown[] };
    expect(diary.meals).toEqual([]);
    expect(
      ((await (await bob.client.get(`/api/meals/stopped?date=${DATE}`)).json()) as Stopped).meals,
    ).toEqual([]);
  });

  it("answers 400 with the failing field to a bad date", async () => {
    const response = await alice.client.get("/api/meals/stopped?date=yesterday");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });
});
