/**
 * Meals the user is adding right now, from choosing photos until Done. Leaving such a meal's
 * screens with recognition in flight asks whether to keep recognising; opening a meal later from
 * the diary does not. Kept per tab in sessionStorage, so a reload is still the same visit.
 */
const KEY = "mealsnap:adding";

function read(): Set<string> {
  try {
    return new Set(JSON.parse(sessionStorage.getItem(KEY) ?? "[]") as string[]);
  } catch {
    return new Set();
  }
}

function write(meals: Set<string>) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify([...meals]));
  } catch {
    // Storage refused (private mode, quota): the marker lasts for this page only.
  }
}

export function beginAddMealFlow(mealId: string) {
  const meals = read();
  write(meals.add(mealId));
}

export function endAddMealFlow(mealId: string) {
  const meals = read();
  meals.delete(mealId);
  write(meals);
}

export const isInAddMealFlow = (mealId: string) =>
  typeof sessionStorage !== "undefined" && read().has(mealId);
