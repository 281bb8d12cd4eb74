import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Food, foodPortions, foods, recipeIngredients } from "@/db/schema";
import { invalidFields } from "@/lib/http/errors";
import type { Macros } from "@/lib/meals/macros";
import {
  type Ingredient,
  ingredientTotals,
  leastCookedGrams,
  per100gProblems,
  pieceGrams,
  recipePer100g,
} from "./food-numbers";
import type { IngredientInput } from "./inputs";
import { visibleTo } from "./visible-foods";

/** The group a user's own food is listed under. */
export const USER_FOOD_GROUP = { label: "Your foods", recipe: "Your recipes" } as const;

/**
 * The foods a recipe's ingredients name, in order: the table's or the caller's own (never the
 * recipe itself), locked against deletion (KEY SHARE) until the recipe is saved. Unknown and
 * someone else's are both a 400 on `ingredients.N.foodId`.
 */
export async function ingredientFoods(
  tx: Db,
  userId: string,
  ingredients: readonly IngredientInput[],
  recipeId?: string,
): Promise<(Ingredient & { food: Food })[]> {
  const ids = [...new Set(ingredients.map((ingredient) => ingredient.foodId))];
  const found = await tx
    .select()
    .from(foods)
    .where(and(inArray(foods.id, ids), visibleTo(userId)))
    .for("key share");
  const byId = new Map(found.map((food) => [food.id, food]));
  const problems = ingredients.flatMap((ingredient, index) => {
    const path = `ingredients.${index}.foodId`;
    if (ingredient.foodId === recipeId) return [{ path, message: "a recipe cannot contain itself" }];
    return byId.has(ingredient.foodId) ? [] : [{ path, message: "no such food" }];
  });
  if (problems.length > 0) throw invalidFields(problems);
  return ingredients.flatMap(({ foodId, grams }) => {
    const food = byId.get(foodId);
    return food ? [{ food, grams, per100g: food }] : [];
  });
}

/**
 * A recipe's values per 100 g (its ingredients over its cooked weight); a cooked weight under
 * what its ingredients' dry matter allows is a 400 on `cookedGrams` saying the least it can be.
 */
export function recipeValues(ingredients: readonly Ingredient[], cookedGrams: number): Macros {
  const per100g = recipePer100g(ingredients, cookedGrams);
  if (per100gProblems(per100g).length > 0) {
    const least = leastCookedGrams(ingredientTotals(ingredients));
    throw invalidFields([
      {
        path: "cookedGrams",
        message: `the ingredients hold more than ${cookedGrams} g can: per 100 g it would be ${per100g.kcal} kcal, ${per100g.protein} g protein, ${per100g.fat} g fat, ${per100g.carbs} g carbohydrate; weigh the dish once cooked (at least ${least} g)`,
      },
    ]);
  }
  return per100g;
}

/** Replaces a recipe's ingredients: names and grams copied, so the recipe reads right after one is deleted. */
export async function saveIngredients(
  tx: Db,
  recipeId: string,
  ingredients: readonly (Ingredient & { food: Food })[],
): Promise<void> {
  await tx.delete(recipeIngredients).where(eq(recipeIngredients.recipeId, recipeId));
  await tx.insert(recipeIngredients).values(
    ingredients.map(({ food, grams }, position) => ({
      recipeId,
      position,
      foodId: food.id,
      name: food.name,
      grams,
    })),
  );
}

/** Sets (or, with null grams, removes) one of the food's own portions: a label's serving, a recipe's piece. */
export async function setFoodsOwnPortion(
  tx: Db,
  foodId: string,
  label: string,
  grams: number | null,
): Promise<void> {
  if (grams === null) {
    await tx
      .delete(foodPortions)
      .where(
        and(eq(foodPortions.foodId, foodId), isNull(foodPortions.userId), eq(foodPortions.label, label)),
      );
    return;
  }
  await tx
    .insert(foodPortions)
    .values({ foodId, userId: null, label, grams })
    .onConflictDoUpdate({
      target: [foodPortions.foodId, foodPortions.userId, foodPortions.label],
      set: { grams },
    });
}

/** A recipe's `piece` portion: the cooked weight over the pieces, or none when they are not counted. */
export function piecePortionGrams(cookedGrams: number, pieces: number | null): number | null {
  return pieces === null ? null : pieceGrams(cookedGrams, pieces);
}
