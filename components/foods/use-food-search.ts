"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "@/components/api";
import { foodsKey } from "@/components/query-keys";
import type { findFoods } from "@/lib/foods/find-foods";

/** A food of the table as GET /api/foods answers it; `recent` on the user's own foods, `localName` on a search's. */
export type FoodOption = Awaited<ReturnType<typeof findFoods>>["foods"][number] & {
  recent?: { uses: number; lastGrams: number };
  localName?: string | null;
};

const DEBOUNCE_MS = 150;
const LIMIT = 8;

/** The table's best matches for what is typed (debounced), or the user's recent foods when it is empty. */
export function useFoodSearch(text: string, enabled: boolean) {
  // The API's bounds: at most 100 characters, and some letter or digit to search for.
  const query = useDebounced(text.trim().slice(0, 100), DEBOUNCE_MS);
  const searchable = query === "" || /[\p{L}\p{N}]/u.test(query);
  return useQuery({
    queryKey: foodsKey(query),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ limit: String(LIMIT) });
      if (query !== "") params.set("q", query);
      return api<{ foods: FoodOption[] }>(`/api/foods?${params}`, { signal });
    },
    select: (answer) => answer.foods,
    enabled: enabled && searchable,
    placeholderData: keepPreviousData,
  });
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
