"use client";

import { useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import type { Diary } from "@/lib/meals/get-diary";
import type { MealDetail } from "@/lib/meals/get-meal";
import { api } from "./api";
import { diaryKey, mealKey } from "./query-keys";

export type { Diary, MealDetail };
export type DiaryMeal = Diary["meals"][number];

const IN_FLIGHT = new Set(["PENDING", "PROCESSING"]);

export const hasPhotosInFlight = (detail: MealDetail) =>
  detail.photos.some((photo) => IN_FLIGHT.has(photo.status));

/** The diary of one date; refreshed every few seconds while some meal is still being recognised. */
export function useDiary(date: string | null) {
  return useQuery({
    queryKey: diaryKey(date ?? ""),
    queryFn: ({ signal }) => api<Diary>(`/api/meals?date=${encodeURIComponent(date ?? "")}`, { signal }),
    enabled: date !== null,
    refetchInterval: (query) =>
      query.state.data?.meals.some((meal) => meal.photosInFlight > 0) ? 4000 : false,
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

/** One meal with all its photos; polls while any photo is PENDING/PROCESSING. */
export function useMealDetail(id: string) {
  const lastChange = useRef({ signature: "", at: 0 });
  return useQuery({
    queryKey: mealKey(id),
    queryFn: ({ signal }) => api<MealDetail>(`/api/meals/${encodeURIComponent(id)}`, { signal }),
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
