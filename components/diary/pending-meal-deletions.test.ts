// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Diary } from "@/lib/meals/get-diary";
import { deferMealDeletion, forgetMealDeletion, withoutPendingDeletions } from "./pending-meal-deletions";

const totals = (kcal: number) => ({ kcal, protein: 1, fat: 1, carbs: 1 });
const diary = {
  date: "2026-05-01",
  meals: [
    { id: "a", totals: totals(300) },
    { id: "b", totals: totals(500) },
  ],
  totals: totals(800),
  goals: totals(2000),
} as unknown as Diary;

afterEach(() => {
  forgetMealDeletion("a");
  forgetMealDeletion("b");
});

describe("pending meal deletions", () => {
  it("hide the meal and its calories from the day while Undo is on offer; Undo brings it back", () => {
    deferMealDeletion("a", vi.fn());
    const shown = withoutPendingDeletions(diary);
    expect(shown.meals.map((meal) => meal.id)).toEqual(["b"]);
    expect(shown.totals).toEqual({ kcal: 500, protein: 1, fat: 1, carbs: 1 });

    forgetMealDeletion("a");
    expect(withoutPendingDeletions(diary)).toBe(diary);
  });

  it("are sent at once, as keepalive requests, when the page is left", () => {
    const send = vi.fn();
    deferMealDeletion("b", send);
    window.dispatchEvent(new Event("pagehide"));
    expect(send).toHaveBeenCalledWith(true);
    expect(withoutPendingDeletions(diary)).toBe(diary);
    window.dispatchEvent(new Event("pagehide"));
    expect(send).toHaveBeenCalledTimes(1);
  });
});
