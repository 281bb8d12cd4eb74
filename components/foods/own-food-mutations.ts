"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/components/api";
import { allDiariesKey, allFoodsKey, foodKey, ownFoodsKey } from "@/components/query-keys";
import type { FoodState } from "@/db/schema";
import type { Macros } from "@/lib/meals/macros";
import type { FoodAnswer } from "./food-answer";

/** A food from a label: its values per 100 g, or per serving of `servingGrams` (POST /api/foods). */
export type LabelFoodInput = { name: string; state?: FoodState } & (
  | { per100g: Macros }
  | { perServing: Macros; servingGrams: number }
);

/** A recipe: table foods (or the user's own) by raw weight, and what the pot weighs once cooked. */
export interface RecipeInput {
  name: string;
  ingredients: { foodId: string; grams: number }[];
  cookedGrams: number;
  pieces?: number | null;
}

export type FoodInput = LabelFoodInput | RecipeInput;

/** Whatever shows a food again: the searches, the My foods list, the food itself. */
function useRefreshFoods() {
  const queryClient = useQueryClient();
  return (food?: FoodAnswer) => {
    if (food) queryClient.setQueryData(foodKey(food.id), { food });
    void queryClient.invalidateQueries({ queryKey: allFoodsKey });
    void queryClient.invalidateQueries({ queryKey: ownFoodsKey });
  };
}

/** POST /api/foods: a new food or recipe of the user's own. */
export function useCreateFood() {
  const refresh = useRefreshFoods();
  return useMutation({
    mutationFn: (input: FoodInput) =>
      api<{ food: FoodAnswer }>("/api/foods", { method: "POST", body: input }),
    onSuccess: ({ food }) => refresh(food),
  });
}

/** PATCH /api/foods/:id: only the fields sent change (a recipe's ingredients are replaced whole). */
export function useUpdateFood(id: string) {
  const refresh = useRefreshFoods();
  return useMutation({
    mutationFn: (patch: Partial<FoodInput>) =>
      api<{ food: FoodAnswer }>(`/api/foods/${encodeURIComponent(id)}`, { method: "PATCH", body: patch }),
    onSuccess: ({ food }) => refresh(food),
  });
}

/** DELETE /api/foods/:id: the items already logged keep their numbers and lose the reference. */
export function useDeleteFood() {
  const queryClient = useQueryClient();
  const refresh = useRefreshFoods();
  return useMutation({
    mutationFn: (id: string) => api<null>(`/api/foods/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: (_answer, id) => {
      queryClient.removeQueries({ queryKey: foodKey(id) });
      refresh();
      void queryClient.invalidateQueries({ queryKey: allDiariesKey }); // the items' food link is gone
    },
  });
}
