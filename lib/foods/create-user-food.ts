import "server-only";
import { randomUUID } from "node:crypto";
import { foods } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { PIECE_PORTION, SERVING_PORTION } from "./food-numbers";
import { type FoodDetail, foodDetail } from "./get-food";
import type { CreateFoodInput } from "./inputs";
import {
  ingredientFoods,
  piecePortionGrams,
  recipeValues,
  saveIngredients,
  setFoodsOwnPortion,
  USER_FOOD_GROUP,
} from "./user-food-parts";

/**
 * `POST /api/foods`: the caller's own food from a label, or a recipe from foods they can see by
 * raw weight. Its values are the user's ('reported'), its `source_id` its own id; nobody else
 * sees it. One transaction: a refused ingredient or cooked weight stores nothing.
 */
export async function createUserFood(userId: string, input: CreateFoodInput): Promise<FoodDetail> {
  return transaction(async (tx) => {
    const id = randomUUID();
    const owned = {
      id,
      source: "user" as const,
      sourceId: id,
      ownerId: userId,
      name: input.name,
      energyBasis: "reported" as const,
    };
    if ("label" in input) {
      const { per100g, servingGrams } = input.label;
      const [food] = await tx
        .insert(foods)
        .values({ ...owned, ...per100g, foodGroup: USER_FOOD_GROUP.label, state: input.state })
        .returning();
      if (!food) throw new Error("insert returned no row");
      if (servingGrams !== null) await setFoodsOwnPortion(tx, id, SERVING_PORTION, servingGrams);
      return foodDetail(tx, userId, food);
    }
    const { cookedGrams, pieces } = input.recipe;
    const ingredients = await ingredientFoods(tx, userId, input.recipe.ingredients);
    const per100g = recipeValues(ingredients, cookedGrams);
    const [food] = await tx
      .insert(foods)
      .values({
        ...owned,
        ...per100g,
        foodGroup: USER_FOOD_GROUP.recipe,
        state: "cooked",
        cookedGrams,
        pieces,
      })
      .returning();
    if (!food) throw new Error("insert returned no row");
    await saveIngredients(tx, id, ingredients);
    await setFoodsOwnPortion(tx, id, PIECE_PORTION, piecePortionGrams(cookedGrams, pieces));
    return foodDetail(tx, userId, food);
  });
}
