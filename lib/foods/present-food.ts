import "server-only";
import type { Db } from "@/db/client";
import type { Food } from "@/db/schema";
import { lastPortionsOf, type PresentedPortion, portionsOf } from "./portions";

interface PortionsOfFood {
  portions: PresentedPortion[];
  lastPortion: { label: string; count: number } | null;
}

/**
 * API shape of a food as one user sees it: its nutrition per 100 g, where the values come from,
 * whether the source gave the energy or it was derived from the macros (docs/FOODS.md), what
 * the numbers describe (`state`), whether it is the caller's own food or recipe, and its
 * household portions with the one the caller used last.
 */
export function presentFood(food: Food, userId: string, { portions, lastPortion }: PortionsOfFood) {
  return {
    id: food.id,
    name: food.name,
    group: food.foodGroup,
    source: food.source,
    sourceId: food.sourceId,
    per100g: { kcal: food.kcal, protein: food.protein, fat: food.fat, carbs: food.carbs },
    energyBasis: food.energyBasis,
    state: food.state,
    own: food.ownerId === userId,
    cookedGrams: food.cookedGrams,
    pieces: food.pieces,
    portions,
    lastPortion,
  };
}

export type PresentedFood = ReturnType<typeof presentFood>;

/**
 * A page of foods presented for one user, each with what `extra` adds: their portions and last
 * portions in two queries, whatever the page's size.
 */
export async function presentFoods<F extends Food, E extends object>(
  db: Db,
  userId: string,
  foods: readonly F[],
  extra: (food: F) => E,
): Promise<(PresentedFood & E)[]> {
  const ids = foods.map((food) => food.id);
  const [portions, lastPortions] = await Promise.all([
    portionsOf(db, userId, ids),
    lastPortionsOf(db, userId, ids),
  ]);
  return foods.map((food) => ({
    ...presentFood(food, userId, {
      portions: portions.get(food.id) ?? [],
      lastPortion: lastPortions.get(food.id) ?? null,
    }),
    ...extra(food),
  }));
}
