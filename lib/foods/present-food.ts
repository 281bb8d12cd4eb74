import "server-only";
import type { Food } from "@/db/schema";

/**
 * API shape of a table food: its nutrition per 100 g, where the values come from, and whether
 * the source gave the energy or it was derived from the macros (docs/FOODS.md).
 */
export function presentFood(food: Food) {
  return {
    id: food.id,
    name: food.name,
    group: food.foodGroup,
    source: food.source,
    sourceId: food.sourceId,
    per100g: { kcal: food.kcal, protein: food.protein, fat: food.fat, carbs: food.carbs },
    energyBasis: food.energyBasis,
  };
}

export type PresentedFood = ReturnType<typeof presentFood>;
