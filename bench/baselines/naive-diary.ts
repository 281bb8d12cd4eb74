import { and, asc, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dailyGoals, foodItems, mealPhotos, meals } from "@/db/schema";
import { sumTotals } from "@/lib/meals/macros";
import { photoUrl, presentItem, presentMeal } from "@/lib/meals/present";

const DEFAULT_GOALS = { kcal: 2000, protein: 100, fat: 70, carbs: 250 };

/**
 * The diary loaded the way the earlier version did before its N+1 fix (seed 000): the day's meals,
 * then for each meal one query for its SUCCESS photos and one for its items, then the goals —
 * 2 + 2 × meals statements. Same answer as lib/meals/get-diary.ts, for comparison only.
 */
export async function naiveDiary(db: Db, userId: string, date: string) {
  const dayMeals = await db
    .select()
    .from(meals)
    .where(and(eq(meals.userId, userId), eq(meals.date, date), ne(meals.status, "FAILED")))
    .orderBy(asc(meals.createdAt));

  const diaryMeals = [];
  for (const meal of dayMeals) {
    const photos = await db
      .select({ id: mealPhotos.id, width: mealPhotos.width, height: mealPhotos.height })
      .from(mealPhotos)
      .where(and(eq(mealPhotos.mealId, meal.id), eq(mealPhotos.status, "SUCCESS")))
      .orderBy(asc(mealPhotos.createdAt));
    const shown = new Set(photos.map((photo) => photo.id));
    const items = (
      await db.select().from(foodItems).where(eq(foodItems.mealId, meal.id)).orderBy(asc(foodItems.createdAt))
    )
      .filter((item) => item.photoId === null || shown.has(item.photoId))
      .map(presentItem);
    diaryMeals.push({
      ...presentMeal(meal),
      photos: photos.map((photo) => ({ ...photo, status: "SUCCESS" as const, url: photoUrl(photo.id) })),
      items,
      totals: sumTotals(items),
    });
  }

  const [goals] = await db.select().from(dailyGoals).where(eq(dailyGoals.userId, userId));
  return {
    date,
    meals: diaryMeals,
    totals: sumTotals(diaryMeals.map((meal) => meal.totals)),
    goals: goals
      ? { kcal: goals.kcal, protein: goals.protein, fat: goals.fat, carbs: goals.carbs }
      : DEFAULT_GOALS,
  };
}
