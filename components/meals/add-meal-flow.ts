/**
 * Meals the user is adding right now, from choosing photos until Done. Leaving the add-meal flow
 * with recognition in flight cancels it; opening a meal later from the diary and leaving does
 * not. Browser memory on purpose: a new page load is a new visit.
 */
const mealsBeingAdded = new Set<string>();

export const beginAddMealFlow = (mealId: string) => void mealsBeingAdded.add(mealId);
export const endAddMealFlow = (mealId: string) => void mealsBeingAdded.delete(mealId);
export const isInAddMealFlow = (mealId: string) => mealsBeingAdded.has(mealId);
