import type { EnergyBasis, FoodSource } from "@/db/schema";

/** Where a table food's values come from, as the user reads it (docs/FOODS.md). */
export const FOOD_SOURCE_LABELS: Record<FoodSource, string> = {
  ifct2017: "IFCT 2017",
  usda_sr_legacy: "USDA SR Legacy",
  usda_sr24: "USDA SR24",
  user: "your own food",
};

/** The short tag of a food whose source gives no energy: its kcal were computed from its macros. */
export const DERIVED_ENERGY_LABEL = "kcal derived from macros";

/** The sentence a hint adds about a food's energy: nothing when the source reports it. */
export function energyBasisNote(food: { source: FoodSource; energyBasis: EnergyBasis }): string {
  return food.energyBasis === "derived"
    ? ` ${FOOD_SOURCE_LABELS[food.source]} gives no energy for this food: its kcal are derived from its protein, fat and carbohydrate by the table's own factors.`
    : "";
}
