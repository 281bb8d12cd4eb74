import "server-only";
import { and, eq } from "drizzle-orm";
import { type Food, foods } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { invalidFields, notFound } from "@/lib/http/errors";
import { PIECE_PORTION, SERVING_PORTION } from "./food-numbers";
import { type FoodDetail, foodDetail } from "./get-food";
import type { FoodPatch } from "./inputs";
import {
  ingredientFoods,
  piecePortionGrams,
  recipeValues,
  saveIngredients,
  setFoodsOwnPortion,
} from "./user-food-parts";

/** Fields of a patch that the food's kind does not have: a recipe's values come from its ingredients. */
function refuseOtherKind(food: Food, patch: FoodPatch): void {
  const isRecipe = food.cookedGrams !== null;
  const given = isRecipe ? { state: patch.state, per100g: patch.label } : { ...patch.recipe };
  const wrong = Object.entries(given).filter(([, value]) => value !== undefined);
  if (wrong.length > 0) {
    const message = isRecipe ? "a recipe's values come from its ingredients" : "this food is not a recipe";
    throw invalidFields(wrong.map(([path]) => ({ path, message })));
  }
}

/**
 * `PATCH /api/foods/:id`: the owner's edit; anyone else's, or a table food, is 404. New values
 * are computed again (new ingredients are read as they are now; a new cooked weight alone
 * spreads the saved totals over it); items already logged keep the numbers they copied.
 */
export async function updateUserFood(userId: string, foodId: string, patch: FoodPatch): Promise<FoodDetail> {
  return transaction(async (tx) => {
    const [food] = await tx
      .select()
      .from(foods)
      .where(and(eq(foods.id, foodId), eq(foods.ownerId, userId)))
      .for("update");
    if (!food) throw notFound("Food");
    refuseOtherKind(food, patch);
    const changes: Partial<Food> = { name: patch.name, state: patch.state, updatedAt: new Date() };
    if (patch.label) {
      Object.assign(changes, patch.label.per100g);
      await setFoodsOwnPortion(tx, foodId, SERVING_PORTION, patch.label.servingGrams);
    }
    if (patch.recipe && food.cookedGrams !== null) {
      const cookedGrams = patch.recipe.cookedGrams ?? food.cookedGrams;
      const pieces = patch.recipe.pieces === undefined ? food.pieces : patch.recipe.pieces;
      if (patch.recipe.ingredients) {
        const ingredients = await ingredientFoods(tx, userId, patch.recipe.ingredients, foodId);
        Object.assign(changes, recipeValues(ingredients, cookedGrams));
        await saveIngredients(tx, foodId, ingredients);
      } else if (cookedGrams !== food.cookedGrams) {
        // The same ingredients as saved: their totals are the old values over the old weight.
        Object.assign(changes, recipeValues([{ per100g: food, grams: food.cookedGrams }], cookedGrams));
      }
      Object.assign(changes, { cookedGrams, pieces });
      await setFoodsOwnPortion(tx, foodId, PIECE_PORTION, piecePortionGrams(cookedGrams, pieces));
    }
    const [updated] = await tx.update(foods).set(changes).where(eq(foods.id, foodId)).returning();
    if (!updated) throw notFound("Food");
    return foodDetail(tx, userId, updated);
  });
}
