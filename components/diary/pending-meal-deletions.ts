/**
 * Meals the user deleted in the diary whose deletion still waits out its Undo window. The diary
 * hides them (refetches included); the DELETE goes to the server when the window closes, or at
 * once, as a keepalive request, if the page is left before that.
 */
import type { Diary } from "@/lib/meals/get-diary";
import { sumTotals } from "@/lib/meals/macros";

const pending = new Map<string, () => void>();

/** Sends every waiting deletion now (the page is going away). */
const flushAll = () => {
  for (const send of [...pending.values()]) send();
};

export function deferMealDeletion(mealId: string, send: (keepalive: boolean) => void) {
  if (pending.size === 0) window.addEventListener("pagehide", flushAll);
  pending.set(mealId, () => {
    forgetMealDeletion(mealId);
    send(true);
  });
}

export function forgetMealDeletion(mealId: string) {
  pending.delete(mealId);
  if (pending.size === 0) window.removeEventListener("pagehide", flushAll);
}

/** The diary without the meals waiting to be deleted, its totals recomputed. */
export function withoutPendingDeletions(diary: Diary): Diary {
  if (!diary.meals.some((meal) => pending.has(meal.id))) return diary;
  const meals = diary.meals.filter((meal) => !pending.has(meal.id));
  return { ...diary, meals, totals: sumTotals(meals.map((meal) => meal.totals)) };
}
