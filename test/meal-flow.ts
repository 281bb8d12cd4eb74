import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "@/db/client";
import { cancelEvents, foodItems, type OperationKind, operationEvents as operations } from "@/db/schema";
import type { CancelResponse } from "@/lib/cancel/inputs";
import { checkInvariants } from "@/lib/integrity/check-invariants";
import type { TestUser } from "./app-client";
import { solidJpeg } from "./images";

/** Steps of the add-meal flow as the browser drives them, through the real API. */

export interface PhotoView {
  id: string;
  status: string;
  attempt: number;
  error: { code: string } | null;
}

export interface MealView {
  meal: { id: string; status: string; date: string };
  photos: PhotoView[];
  items: { photoId: string | null; kcal: number }[];
  totals: { kcal: number };
}

let colorSeed = 0;

export async function uploadPhoto(user: TestUser, mealId: string): Promise<string> {
  colorSeed += 37;
  const response = await user.client.upload(
    mealId,
    await solidJpeg(160, 120, { r: colorSeed % 256, g: 80, b: 140 }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { photo: { id: string } }).photo.id;
}

export async function mealView(user: TestUser, mealId: string): Promise<MealView> {
  return (await (await user.client.get(`/api/meals/${mealId}`)).json()) as MealView;
}

export async function diaryMeals(user: TestUser, date: string) {
  const diary = (await (await user.client.get(`/api/meals?date=${date}`)).json()) as {
    meals: { id: string; photos: { id: string; status: string }[]; items: { photoId: string | null }[] }[];
  };
  return diary.meals;
}

export async function cancel(user: TestUser, body: Record<string, unknown>): Promise<CancelResponse> {
  const response = await user.client.post("/api/ai/cancel", { clientCancelId: crypto.randomUUID(), ...body });
  expect(response.status).toBe(200);
  return (await response.json()) as CancelResponse;
}

export async function itemsOfPhoto(photoId: string) {
  const db = await getDb();
  return db.select().from(foodItems).where(eq(foodItems.photoId, photoId));
}

export async function cancelEventRows(clientCancelId: string) {
  const db = await getDb();
  return db.select().from(cancelEvents).where(eq(cancelEvents.clientCancelId, clientCancelId));
}

export async function operationEvents(kind: OperationKind, photoId: string) {
  const db = await getDb();
  return db
    .select()
    .from(operations)
    .where(and(eq(operations.kind, kind), eq(operations.photoId, photoId)));
}

/** Invariants 1, 3 and 5 of DESIGN §4 over the whole database. */
export async function expectInvariantsHold(): Promise<void> {
  const breaks = await checkInvariants({ stuckAfterSeconds: 3600 });
  expect(breaks.terminalPhotosWithItems).toEqual([]);
  expect(breaks.mealsWithWrongStatus).toEqual([]);
  expect(breaks.duplicateCancelEvents).toEqual([]);
}
