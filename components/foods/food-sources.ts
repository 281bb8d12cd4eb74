import type { FoodSource } from "@/db/schema";

/** Where a table food's values come from, as the user reads it (docs/FOODS.md). */
export const FOOD_SOURCE_LABELS: Record<FoodSource, string> = {
  ifct2017: "IFCT 2017",
  usda_sr_legacy: "USDA SR Legacy",
};
