import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Meal, meals } from "@/db/schema";
import { notFound } from "@/lib/http/errors";

/**
 * The caller's meal, or 404 whether it is missing or someone else's (never reveal existence).
 * With `lock`, the row is locked FOR UPDATE for the rest of the caller's transaction: uploads,
 * retries, cancels and deletion of one meal serialise on it, across every app instance.
 */
export async function findOwnedMeal(
  db: Db,
  userId: string,
  mealId: string,
  options: { lock?: boolean } = {},
) {
  const query = db
    .select()
    .from(meals)
    .where(and(eq(meals.id, mealId), eq(meals.userId, userId)));
  const [meal]: Meal[] = options.lock ? await query.for("update") : await query;
  if (!meal) throw notFound("Meal");
  return meal;
}
