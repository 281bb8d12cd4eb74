import type { FoodState } from "@/db/schema";
import type { FoodDetail } from "@/lib/foods/get-food";

/** A food as `GET /api/foods/:id` and the food mutations answer it (DESIGN §5), a recipe with its ingredients. */
export type FoodAnswer = FoodDetail;

export const isRecipe = (food: Pick<FoodAnswer, "cookedGrams">) => food.cookedGrams !== null;

/** What a food's numbers describe, in the user's words (`foods.state`, DESIGN §2). */
export const FOOD_STATE_LABELS: Record<FoodState, string> = {
  raw: "Raw, before cooking",
  cooked: "Cooked",
  ready: "Ready to eat, as sold",
};
