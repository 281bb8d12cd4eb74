import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Meal, meals } from "@/db/schema";
import { notFound } from "@/lib/http/errors";
import { lockMeal } from "./lock-meal";

/**
 * The caller's meal, or 404 whether it is missing or someone else's (never reveal existence).
 * With `lock`, the row is locked for the rest of the caller's transaction (`lockMeal`).
 */
export async function findOwnedMeal(
  db: Db,
  userId: string,
  mealId: string,
  options: { lock?: boolean } = {},
) {
  const [meal]: (Meal | null)[] = options.lock
    ? [await lockMeal(db, mealId, { userId })]
    : await db.select().from(meals).where(ownedMealIs(userId, mealId));
  return ownedOrNotFound(meal);
}

/** The condition on `meals` that matches the caller's meal only. */
export const ownedMealIs = (userId: string, mealId: string) =>
  and(eq(meals.id, mealId), eq(meals.userId, userId));

/** A row found by `ownedMealIs` (or a lock of it), else 404 whether missing or someone else's. */
export function ownedOrNotFound<T>(row: T | null | undefined): T {
  if (!row) throw notFound("Meal");
  return row;
}
