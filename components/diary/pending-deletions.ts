/**
 * Meals and food items the user deleted (or a stopped meal discarded) whose deletion still waits out its Undo
 * window. Pages hide them (refetches included, the totals recomputed without them); the DELETE
 * goes to the server when the window closes, or at once, as a keepalive request, if the page is
 * left before that. Undo sends nothing: the server never heard of the deletion.
 */
import type { Diary } from "@/lib/meals/get-diary";
import type { MealDetail } from "@/lib/meals/get-meal";
import type { StoppedMeals } from "@/lib/meals/list-stopped-meals";
import { sumTotals } from "@/lib/meals/macros";

export interface Deletion {
  kind: "meal" | "item";
  id: string;
}

const keyOf = ({ kind, id }: Deletion) => `${kind}:${id}`;
const pending = new Map<string, () => void>();
const listeners = new Set<() => void>();
/** Changes whenever a deletion starts waiting or stops waiting: what pages re-filter on. */
let version = 0;

const changed = () => {
  version++;
  for (const listener of listeners) listener();
};

/** Sends every waiting deletion now (the page is going away). */
const flushAll = () => {
  for (const send of [...pending.values()]) send();
};

export function deferDeletion(deletion: Deletion, send: (keepalive: boolean) => void) {
  if (pending.size === 0) window.addEventListener("pagehide", flushAll);
  pending.set(keyOf(deletion), () => {
    forgetDeletion(deletion);
    send(true);
  });
  changed();
}

export function forgetDeletion(deletion: Deletion) {
  if (!pending.delete(keyOf(deletion))) return;
  if (pending.size === 0) window.removeEventListener("pagehide", flushAll);
  changed();
}

/** For useSyncExternalStore: re-render when the waiting deletions change. */
export function subscribeToDeletions(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export const deletionsVersion = () => version;

const isPending = (kind: Deletion["kind"], id: string) => pending.has(keyOf({ kind, id }));

/** The items still shown, or the same array when none of them waits to be deleted. */
function shownItems<T extends { id: string }>(items: T[]): T[] {
  return items.some((item) => isPending("item", item.id))
    ? items.filter((item) => !isPending("item", item.id))
    : items;
}

/** The diary without the meals and items waiting to be deleted, its totals recomputed. */
export function withoutPendingDeletions(diary: Diary): Diary {
  let hidden = false;
  const meals: Diary["meals"] = [];
  for (const meal of diary.meals) {
    if (isPending("meal", meal.id)) {
      hidden = true;
      continue;
    }
    const items = shownItems(meal.items);
    if (items === meal.items) meals.push(meal);
    else {
      hidden = true;
      meals.push({ ...meal, items, totals: sumTotals(items) });
    }
  }
  if (!hidden) return diary;
  return { ...diary, meals, totals: sumTotals(meals.map((meal) => meal.totals)) };
}

/** One meal without its items waiting to be deleted, its totals recomputed. */
export function mealWithoutPendingDeletions(detail: MealDetail): MealDetail {
  const items = shownItems(detail.items);
  return items === detail.items ? detail : { ...detail, items, totals: sumTotals(items) };
}

/** The stopped meals without those waiting to be deleted (a Discard with its Undo on offer). */
export function stoppedWithoutPendingDeletions(stopped: StoppedMeals): StoppedMeals {
  return stopped.meals.some((meal) => isPending("meal", meal.id))
    ? { ...stopped, meals: stopped.meals.filter((meal) => !isPending("meal", meal.id)) }
    : stopped;
}
