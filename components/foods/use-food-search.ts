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

/** What is searched for `text`: the API's bounds, at most 100 characters. */
export const searchedText = (text: string) => text.trim().slice(0, 100);

/**
 * The table's best matches for what is typed (debounced), or the user's recent foods when it is
 * empty; `query` is the text the answer is for (it lags the typing by the debounce).
 */
export function useFoodSearch(text: string, enabled: boolean) {
  const query = useDebounced(searchedText(text), DEBOUNCE_MS);
  // The API's other bound: some letter or digit to search for.
  const searchable = query === "" || /[\p{L}\p{N}]/u.test(query);
  const search = useQuery({
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
  return { ...search, query };
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
