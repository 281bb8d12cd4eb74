import "server-only";
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
    example: item.example,
    foodId: item.foodId,
    /** The household portion the grams were given in ("2 × roti"); null when grams were typed. */
    portion:
      item.portionLabel !== null && item.portionCount !== null
        ? { label: item.portionLabel, count: item.portionCount }
        : null,
    editedAt: item.editedAt?.toISOString() ?? null,
  };
}

export type PresentedMeal = ReturnType<typeof presentMeal>;
export type PresentedPhoto = ReturnType<typeof presentPhoto>;
export type PresentedItem = ReturnType<typeof presentItem>;
