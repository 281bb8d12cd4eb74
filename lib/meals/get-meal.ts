import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { foodItems, mealPhotos } from "@/db/schema";
import { findOwnedMeal } from "./owned-meal";
import { presentItem, presentMeal, presentPhoto, sumTotals } from "./present";

/** One meal with every photo whatever its status (the recognition screen shows them all). */
export async function getMeal(userId: string, mealId: string) {
  const db = await getDb();
  const meal = await findOwnedMeal(db, userId, mealId);
  const [photos, items] = await Promise.all([
    db.select().from(mealPhotos).where(eq(mealPhotos.mealId, meal.id)).orderBy(asc(mealPhotos.createdAt)),
    db.select().from(foodItems).where(eq(foodItems.mealId, meal.id)).orderBy(asc(foodItems.createdAt)),
  ]);
  return {
    meal: presentMeal(meal),
    photos: photos.map(presentPhoto),
    items: items.map(presentItem),
    totals: sumTotals(items),
  };
}

export type MealDetail = Awaited<ReturnType<typeof getMeal>>;
