import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { type Db, getDb } from "@/db/client";
import { type Food, foods, recipeIngredients } from "@/db/schema";
import { notFound } from "@/lib/http/errors";
import { presentFoods } from "./present-food";
import { visibleTo } from "./visible-foods";

/**
 * One food as its page shows it: presented for the caller, with a recipe's ingredients (their
 * names and grams as saved, and their food's values per 100 g as they are now: an ingredient
 * deleted since has `foodId` and `per100g` null).
 */
export async function foodDetail(db: Db, userId: string, food: Food) {
  const rows =
    food.cookedGrams === null
      ? null
      : await db
          .select({
            foodId: recipeIngredients.foodId,
            name: recipeIngredients.name,
            grams: recipeIngredients.grams,
            ingredient: { kcal: foods.kcal, protein: foods.protein, fat: foods.fat, carbs: foods.carbs },
          })
          .from(recipeIngredients)
          .leftJoin(foods, eq(foods.id, recipeIngredients.foodId))
          .where(eq(recipeIngredients.recipeId, food.id))
          .orderBy(asc(recipeIngredients.position));
  const ingredients = rows?.map(({ ingredient, ...row }) => ({ ...row, per100g: ingredient })) ?? null;
  const [presented] = await presentFoods(db, userId, [food], () => ({ ingredients }));
  if (!presented) throw new Error("presentFoods answered no food");
  return presented;
}

export type FoodDetail = Awaited<ReturnType<typeof foodDetail>>;

/** A food the caller can see, or 404: someone else's own food is not there for them. */
export async function findVisibleFood(db: Db, userId: string, foodId: string): Promise<Food> {
  const [food] = await db
    .select()
    .from(foods)
    .where(and(eq(foods.id, foodId), visibleTo(userId)));
  if (!food) throw notFound("Food");
  return food;
}

/** `GET /api/foods/:id`. */
export async function getFood(userId: string, foodId: string): Promise<FoodDetail> {
  const db = await getDb();
  return foodDetail(db, userId, await findVisibleFood(db, userId, foodId));
}
