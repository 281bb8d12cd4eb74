// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Diary } from "@/lib/meals/get-diary";
import type { MealDetail } from "@/lib/meals/get-meal";
import {
  type Deletion,
  deferDeletion,
  deletionsVersion,
  forgetDeletion,
  mealWithoutPendingDeletions,
  subscribeToDeletions,
  withoutPendingDeletions,
} from "./pending-deletions";

const macros = (kcal: number) => ({ kcal, protein: 1, fat: 1, carbs: 1 });
const item = (id: string, kcal: number) => ({ id, ...macros(kcal) });
const diary = {
  date: "2026-05-01",
  meals: [
    { id: "a", items: [item("a1", 300)], totals: macros(300) },
    { id: "b", items: [item("b1", 200), item("b2", 300)], totals: { ...macros(500), protein: 2 } },
  ],
  totals: { ...macros(800), protein: 3 },
  goals: macros(2000),
} as unknown as Diary;

const deletions: Deletion[] = [
  { kind: "meal", id: "a" },
  { kind: "meal", id: "b" },
  { kind: "item", id: "b1" },
];

afterEach(() => {
  for (const deletion of deletions) forgetDeletion(deletion);
});

describe("pending deletions", () => {
  it("hide the meal and its calories from the day while Undo is on offer; Undo brings it back", () => {
    deferDeletion({ kind: "meal", id: "a" }, vi.fn());
    const shown = withoutPendingDeletions(diary);
    expect(shown.meals.map((meal) => meal.id)).toEqual(["b"]);
    expect(shown.totals).toEqual({ kcal: 500, protein: 2, fat: 1, carbs: 1 });

    forgetDeletion({ kind: "meal", id: "a" });
    expect(withoutPendingDeletions(diary)).toBe(diary);
  });

  it("hide an item from its meal, and from the meal's and the day's totals; Undo brings it back", () => {
    deferDeletion({ kind: "item", id: "b1" }, vi.fn());
    const shown = withoutPendingDeletions(diary);
    expect(shown.meals[0]).toBe(diary.meals[0]);
    expect(shown.meals[1]?.items.map((shownItem) => shownItem.id)).toEqual(["b2"]);
    expect(shown.meals[1]?.totals).toEqual(macros(300));
    expect(shown.totals).toEqual({ kcal: 600, protein: 2, fat: 2, carbs: 2 });

    const detail = {
      meal: { id: "b" },
      photos: [],
      items: diary.meals[1]?.items,
      totals: diary.meals[1]?.totals,
    };
    const shownDetail = mealWithoutPendingDeletions(detail as unknown as MealDetail);
    expect(shownDetail.items.map((shownItem) => shownItem.id)).toEqual(["b2"]);
    expect(shownDetail.totals).toEqual(macros(300));

    forgetDeletion({ kind: "item", id: "b1" });
    expect(withoutPendingDeletions(diary)).toBe(diary);
    expect(mealWithoutPendingDeletions(detail as unknown as MealDetail)).toBe(detail);
  });

  it("a meal and an item of the same id are different deletions", () => {
    deferDeletion({ kind: "item", id: "a" }, vi.fn());
    expect(withoutPendingDeletions(diary)).toBe(diary);
  });

  it("tell subscribers each time a deletion starts or stops waiting", () => {
    const listener = vi.fn();
    const unsubscribe = subscribeToDeletions(listener);
    const before = deletionsVersion();
    deferDeletion({ kind: "item", id: "b1" }, vi.fn());
    forgetDeletion({ kind: "item", id: "b1" });
    forgetDeletion({ kind: "item", id: "b1" }); // not waiting any more: no change
    expect(listener).toHaveBeenCalledTimes(2);
    expect(deletionsVersion()).toBe(before + 2);
    unsubscribe();
    deferDeletion({ kind: "item", id: "b1" }, vi.fn());
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("are sent at once, as keepalive requests, when the page is left", () => {
    const sendMeal = vi.fn();
    const sendItem = vi.fn();
    deferDeletion({ kind: "meal", id: "b" }, sendMeal);
    deferDeletion({ kind: "item", id: "b1" }, sendItem);
    window.dispatchEvent(new Event("pagehide"));
    expect(sendMeal).toHaveBeenCalledWith(true);
    expect(sendItem).toHaveBeenCalledWith(true);
    expect(withoutPendingDeletions(diary)).toBe(diary);
    window.dispatchEvent(new Event("pagehide"));
    expect(sendMeal).toHaveBeenCalledTimes(1);
    expect(sendItem).toHaveBeenCalledTimes(1);
  });
});
