"use client";

import { queryOptions, replaceEqualDeep, skipToken, useQuery } from "@tanstack/react-query";
import { useCallback, useRef, useSyncExternalStore } from "react";
import { isInFlight } from "@/db/photo-statuses";
import { FOOD_SEARCH_MAX_LIMIT } from "@/lib/foods/food-numbers";
import type { Diary } from "@/lib/meals/get-diary";
import type { MealDetail } from "@/lib/meals/get-meal";
import type { StoppedMeals } from "@/lib/meals/list-stopped-meals";
import { api } from "./api";
import {
  deletionsVersion,
  mealWithoutPendingDeletions,
  stoppedWithoutPendingDeletions,
  subscribeToDeletions,
  withoutPendingDeletions,
} from "./diary/pending-deletions";
import type { FoodAnswer } from "./foods/food-answer";
import type { CancelOutcome } from "./meals/cancel-controller";
import { freshestMeal } from "./meals/photo-freshness";
import { cancelOutcomeKey, diaryKey, foodKey, mealKey, ownFoodsKey, stoppedMealsKey } from "./query-keys";

export type { Diary, MealDetail };
export type DiaryMeal = Diary["meals"][number];
export type DiaryItem = DiaryMeal["items"][number];

export const hasPhotosInFlight = (detail: MealDetail) =>
  detail.photos.some((photo) => isInFlight(photo.status));

/**
 * A `select` that hides the meals and items waiting out their Undo window: a new function whenever
 * one starts or stops waiting, so the page re-filters at once (Undo shows the cached data again).
 */
function useWithoutPendingDeletions<T>(hide: (data: T) => T) {
  const version = useSyncExternalStore(subscribeToDeletions, deletionsVersion, deletionsVersion);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is what makes a new select
  return useCallback((data: T) => hide(data), [hide, version]);
}

/** The diary of one date; refreshed every few seconds while some meal is still being recognised. */
export function useDiary(date: string | null) {
  const select = useWithoutPendingDeletions(withoutPendingDeletions);
  return useQuery({
    queryKey: diaryKey(date ?? ""),
    queryFn: ({ signal }) => api<Diary>(`/api/meals?date=${encodeURIComponent(date ?? "")}`, { signal }),
    enabled: date !== null,
    // A meal or item deleted a moment ago stays hidden while its Undo is on offer, refetches included.
    select,
    refetchInterval: (query) =>
      query.state.data?.meals.some((meal) => meal.photosInFlight > 0) ? 4000 : false,
  });
}

export type StoppedMeal = StoppedMeals["meals"][number];

/** The meals of a date the user stopped (out of the diary and its totals), offered for Retry. */
export function useStoppedMeals(date: string) {
  const select = useWithoutPendingDeletions(stoppedWithoutPendingDeletions);
  return useQuery({
    select,
    queryKey: stoppedMealsKey(date),
    queryFn: ({ signal }) =>
      api<StoppedMeals>(`/api/meals/stopped?date=${encodeURIComponent(date)}`, { signal }),
  });
}

/**
 * Poll delay while photos are in flight: every second at first, backing off to 5 s when nothing
 * has changed for a while, and back to 1 s as soon as a photo moves.
 */
export function pollDelay(msSinceLastChange: number): number {
  if (msSinceLastChange < 10_000) return 1000;
  if (msSinceLastChange < 30_000) return 2000;
  return 5000;
}

/** How one meal is fetched and cached; a late answer never moves a photo backwards. */
export const mealDetailOptions = (id: string) =>
  queryOptions({
    queryKey: mealKey(id),
    queryFn: ({ signal }) => api<MealDetail>(`/api/meals/${encodeURIComponent(id)}`, { signal }),
    structuralSharing: (previous: unknown, next: unknown) =>
      replaceEqualDeep(previous, freshestMeal(previous as MealDetail | undefined, next as MealDetail)),
  });

/** One meal with all its photos; polls while any photo is PENDING/PROCESSING. */
export function useMealDetail(id: string) {
  const lastChange = useRef({ signature: "", at: 0 });
  const select = useWithoutPendingDeletions(mealWithoutPendingDeletions);
  return useQuery({
    ...mealDetailOptions(id),
    select,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (!data || !hasPhotosInFlight(data)) return false;
      const signature = data.photos.map((photo) => `${photo.id}:${photo.status}:${photo.attempt}`).join(",");
      const now = Date.now();
      if (signature !== lastChange.current.signature) lastChange.current = { signature, at: now };
      return pollDelay(now - lastChange.current.at);
    },
  });
}

/**
 * What the last cancel of a meal did, as the server answered it. Kept in the query cache so that
 * it survives the move from the upload page to the meal page; never fetched.
 */
export function useCancelOutcome(mealId: string): CancelOutcome | null {
  return (
    useQuery<CancelOutcome | null>({ queryKey: cancelOutcomeKey(mealId), queryFn: skipToken }).data ?? null
  );
}

const foodOptions = (id: string) =>
  queryOptions({
    queryKey: foodKey(id),
    queryFn: ({ signal }) => api<{ food: FoodAnswer }>(`/api/foods/${encodeURIComponent(id)}`, { signal }),
    select: (answer) => answer.food,
  });

/**
 * One food as the user may see it (its portions; a recipe with its ingredients); someone else's
 * answers 404. Null: none (an item typed by hand), nothing fetched.
 */
export function useFood(id: string | null) {
  return useQuery({ ...foodOptions(id ?? ""), enabled: id !== null });
}

/** The user's own foods and recipes, the latest first, for the My foods page. */
export function useOwnFoods() {
  return useQuery({
    queryKey: ownFoodsKey,
    queryFn: ({ signal }) =>
      api<{ foods: FoodAnswer[] }>(`/api/foods?own=true&limit=${FOOD_SEARCH_MAX_LIMIT}`, { signal }),
    select: (answer) => answer.foods,
  });
}
