import type { EnergyBasis, FoodSource, FoodState } from "@/db/schema";
import type { Macros } from "@/lib/meals/macros";

/** A household portion of a food (DESIGN §5): the food's own ("serving", "piece"), then the caller's. */
export interface FoodPortion {
  label: string;
  grams: number;
  own: boolean;
}

/** A recipe's ingredient by raw weight; `foodId` null once that food was deleted (name and grams are copies). */
export interface RecipeIngredient {
  foodId: string | null;
  name: string;
  grams: number;
  per100g: Macros;
}

/** A food as `GET /api/foods/:id` and the food mutations answer it (DESIGN §5). */
export interface FoodAnswer {
  id: string;
  name: string;
  group: string;
  source: FoodSource;
  sourceId: string;
  per100g: Macros;
  energyBasis: EnergyBasis;
  state: FoodState;
  own: boolean;
  portions: FoodPortion[];
  lastPortion: { label: string; count: number } | null;
  /** A recipe's cooked total weight and pieces; null for a food that is not a recipe. */
  cookedGrams?: number | null;
  pieces?: number | null;
  ingredients?: RecipeIngredient[];
}

/** A recipe's own portion: its cooked weight over its pieces. */
export const PIECE_PORTION = "piece";
/** A label food's own portion: the serving its label gives values for. */
export const SERVING_PORTION = "serving";

export const isRecipe = (food: Pick<FoodAnswer, "cookedGrams">) =>
  food.cookedGrams !== null && food.cookedGrams !== undefined;

/** What a food's numbers describe, in the user's words (`foods.state`, DESIGN §2). */
export const FOOD_STATE_LABELS: Record<FoodState, string> = {
  raw: "Raw, before cooking",
  cooked: "Cooked",
  ready: "Ready to eat, as sold",
};
