import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Meal, type MealType, meals } from "@/db/schema";
import type { CreateMealInput } from "./inputs";

function defaultMealType(now: Date): MealType {
  const hour = now.getHours();
  if (hour < 11) return "breakfast";
  if (hour < 16) return "lunch";
  if (hour < 21) return "dinner";
  return "snack";
}

/** Idempotent by (user, clientRequestId): a repeated request returns the first meal, never a second row. */
export async function createMeal(
  userId: string,
  input: CreateMealInput,
): Promise<{ meal: Meal; created: boolean }> {
  const db = await getDb();
  const now = new Date();
  const [inserted] = await db
    .insert(meals)
    .values({
      userId,
      clientRequestId: input.clientRequestId,
      mealType: input.mealType ?? defaultMealType(now),
      date: input.date ?? now.toISOString().slice(0, 10),
    })
    .onConflictDoNothing({ target: [meals.userId, meals.clientRequestId] })
    .returning();
  if (inserted) return { meal: inserted, created: true };
  const [existing] = await db
    .select()
    .from(meals)
    .where(and(eq(meals.userId, userId), eq(meals.clientRequestId, input.clientRequestId)));
  if (!existing) throw new Error("meal vanished between insert and select");
  return { meal: existing, created: false };
}
