import type { FoodItem, Meal, MealPhoto } from "@/db/schema";

/** API shapes (camelCase, DESIGN §5). Storage keys and checksums never leave the server. */

export const photoUrl = (photoId: string) => `/api/photos/${photoId}`;

export function presentMeal(meal: Meal) {
  return {
    id: meal.id,
    date: meal.date,
    mealType: meal.mealType,
    status: meal.status,
    createdAt: meal.createdAt.toISOString(),
    finalizedAt: meal.finalizedAt?.toISOString() ?? null,
  };
}

export function presentPhoto(photo: MealPhoto) {
  return {
    id: photo.id,
    mealId: photo.mealId,
    status: photo.status,
    attempt: photo.attempt,
    clientUploadId: photo.clientUploadId,
    url: photoUrl(photo.id),
    mime: photo.mime,
    width: photo.width,
    height: photo.height,
    bytes: photo.bytes,
    error: photo.errorCode ? { code: photo.errorCode, message: photo.errorMessage } : null,
    createdAt: photo.createdAt.toISOString(),
    finishedAt: photo.finishedAt?.toISOString() ?? null,
  };
}

export function presentItem(item: FoodItem) {
  return {
    id: item.id,
    mealId: item.mealId,
    photoId: item.photoId,
    name: item.name,
    grams: item.grams,
    kcal: item.kcal,
    protein: item.protein,
    fat: item.fat,
    carbs: item.carbs,
    confidence: item.confidence,
    source: item.source,
    editedAt: item.editedAt?.toISOString() ?? null,
  };
}

export interface Totals {
  kcal: number;
  protein: number;
  fat: number;
  carbs: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export function sumTotals(items: readonly Totals[]): Totals {
  const sum = { kcal: 0, protein: 0, fat: 0, carbs: 0 };
  for (const item of items) {
    sum.kcal += item.kcal;
    sum.protein += item.protein;
    sum.fat += item.fat;
    sum.carbs += item.carbs;
  }
  return {
    kcal: Math.round(sum.kcal),
    protein: round1(sum.protein),
    fat: round1(sum.fat),
    carbs: round1(sum.carbs),
  };
}

export type PresentedMeal = ReturnType<typeof presentMeal>;
export type PresentedPhoto = ReturnType<typeof presentPhoto>;
export type PresentedItem = ReturnType<typeof presentItem>;
