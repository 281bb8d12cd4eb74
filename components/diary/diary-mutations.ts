"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, apiErrorFrom } from "@/components/api";
import type { ItemPortion } from "@/components/foods/portions";
import type { Diary, DiaryItem, DiaryMeal } from "@/components/queries";
import { allDiariesKey, allFoodsKey, diaryKey } from "@/components/query-keys";
import { useDismissToast, useToast } from "@/components/ui/toast";
import type { GoalsInput, NewItemInput } from "@/lib/meals/inputs";
import { MACRO_KEYS, type Macros, sumTotals } from "@/lib/meals/macros";
import type { PresentedItem } from "@/lib/meals/present";
import { type Deletion, deferDeletion, forgetDeletion } from "./pending-deletions";

/**
 * The item at a new portion size: the same food, so every macro scales with the grams, rounded
 * like the server does (PATCH with only `grams`). Only a preview: the server's answer replaces it.
 */
export function scaleItem<T extends Pick<DiaryItem, "grams" | (typeof MACRO_KEYS)[number]>>(
  item: T,
  grams: number,
): T {
  if (item.grams <= 0) return { ...item, grams };
  const ratio = grams / item.grams;
  const scaled = { ...item, grams };
  for (const macro of MACRO_KEYS) scaled[macro] = Math.round(item[macro] * ratio * 10) / 10;
  return scaled;
}

/** The diary with one meal's items changed, and the meal's and the day's totals recomputed. */
function withMealItems(diary: Diary, mealId: string, change: (items: DiaryItem[]) => DiaryItem[]): Diary {
  const meals = diary.meals.map((meal): DiaryMeal => {
    if (meal.id !== mealId) return meal;
    const items = change(meal.items);
    return { ...meal, items, totals: sumTotals(items) };
  });
  return { ...diary, meals, totals: sumTotals(meals.map((meal) => meal.totals)) };
}

/**
 * An item edit shown at once and undone if the server refuses it (the item's values are the
 * user's own, so guessing the result is safe); the diary is refetched afterwards either way.
 */
function useOptimisticDiaryEdit<Vars>(
  date: string,
  request: (vars: Vars) => Promise<unknown>,
  apply: (diary: Diary, vars: Vars) => Diary,
  failure: string,
) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const key = diaryKey(date);
  return useMutation({
    mutationFn: request,
    onMutate: async (vars: Vars) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Diary>(key);
      if (previous) queryClient.setQueryData(key, apply(previous, vars));
      return { previous };
    },
    onError: (error, _vars, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
      toast(`${failure} ${error.message}`, "error");
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: allFoodsKey }); // the user's recent foods
      return queryClient.invalidateQueries({ queryKey: key });
    },
  });
}

/** PATCH /api/items/:id: only what changed (DESIGN §5). */
export interface ItemPatch extends Partial<Macros> {
  name?: string;
  grams?: number;
  foodId?: string;
  portion?: ItemPortion;
}

export interface ItemEdit {
  item: DiaryItem;
  patch: ItemPatch;
  /** The item as the server will answer the patch (lib/foods/food-changes.ts): the editor's preview, shown at once. */
  edited: DiaryItem;
}

export function useUpdateItem(date: string) {
  return useOptimisticDiaryEdit(
    date,
    ({ item, patch }: ItemEdit) =>
      api<{ item: PresentedItem }>(`/api/items/${encodeURIComponent(item.id)}`, {
        method: "PATCH",
        body: patch,
      }),
    (diary, edit) =>
      withMealItems(diary, edit.item.mealId, (items) =>
        items.map((current) => (current.id === edit.item.id ? edit.edited : current)),
      ),
    "The change was not saved.",
  );
}

/** A food added by hand: it needs the server's id, so it appears when the server has it. */
export function useAddItem(date: string, mealId: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (input: NewItemInput) =>
      api<{ item: PresentedItem }>(`/api/meals/${encodeURIComponent(mealId)}/items`, {
        method: "POST",
        body: input,
      }),
    onSuccess: ({ item }) => {
      queryClient.setQueryData<Diary>(
        diaryKey(date),
        (diary) => diary && withMealItems(diary, mealId, (items) => [...items, item]),
      );
      void queryClient.invalidateQueries({ queryKey: diaryKey(date) });
      void queryClient.invalidateQueries({ queryKey: allFoodsKey });
      toast(`Added ${item.name}.`, "success");
    },
  });
}

const UNDO_WINDOW_MS = 6000;

const DELETE_PATHS: Record<Deletion["kind"], string> = { meal: "/api/meals/", item: "/api/items/" };

/**
 * Deleting a meal or a food item from the diary, with Undo: it leaves the diary (and the totals)
 * at once, and the DELETE (a meal's also cancels its jobs on the server) is sent when the Undo
 * window closes — or at once, as a keepalive request, if the page is left first. The window waits
 * while the pointer or focus is on the toast (and starts again when they leave), so nobody loses
 * Undo on the way to it. Undo sends nothing and shows it again from the cache; a refused DELETE
 * brings it back with an error. `onUndo` runs once it is shown again (to put focus back on it).
 */
export function useDeleteWithUndo(date: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const dismiss = useDismissToast();
  return (deletion: Deletion, name: string, onUndo?: () => void) => {
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: allFoodsKey }); // the user's recent foods
      void queryClient.invalidateQueries({ queryKey: diaryKey(date) });
    };
    let toastId = 0;
    let settled = false; // sent or undone: the toast going away changes nothing any more
    const send = (keepalive: boolean) => {
      settled = true;
      clearTimeout(timer);
      dismiss(toastId);
      fetch(DELETE_PATHS[deletion.kind] + encodeURIComponent(deletion.id), {
        method: "DELETE",
        credentials: "same-origin",
        keepalive,
      })
        .then(async (response) => {
          if (!response.ok) throw apiErrorFrom(response.status, await response.text());
        })
        .catch((error: unknown) =>
          toast(`${name} was not deleted. ${error instanceof Error ? error.message : ""}`, "error"),
        )
        .finally(refresh);
    };
    const windowCloses = () => {
      forgetDeletion(deletion);
      send(false);
    };
    deferDeletion(deletion, send);
    let timer = setTimeout(windowCloses, UNDO_WINDOW_MS);
    toastId = toast(`${name} deleted.`, "info", {
      persist: true,
      action: {
        label: "Undo",
        onClick: () => {
          settled = true;
          clearTimeout(timer);
          forgetDeletion(deletion);
          onUndo?.();
          refresh();
        },
        onHold: (held) => {
          if (settled) return;
          clearTimeout(timer);
          if (!held) timer = setTimeout(windowCloses, UNDO_WINDOW_MS);
        },
      },
    });
  };
}

export function useSaveGoals() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (goals: GoalsInput) =>
      api<{ goals: GoalsInput }>("/api/goals", { method: "PUT", body: goals }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: allDiariesKey });
      toast("Daily goals saved.", "success");
    },
  });
}
