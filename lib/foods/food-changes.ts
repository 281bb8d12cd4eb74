import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Food, type FoodItem, foods } from "@/db/schema";
import { AppError } from "@/lib/http/errors";
import { macrosForPortion } from "@/lib/meals/macros";

/** The table food an item names; an unknown id is the caller's mistake (400 on `foodId`). */
export async function findFood(db: Db, foodId: string): Promise<Food> {
  const [food] = await db.select().from(foods).where(eq(foods.id, foodId));
  if (!food) {
    throw new AppError("validation_failed", "The request has invalid fields", {
      fields: [{ path: "foodId", message: "no such food" }],
    });
  }
  return food;
}

interface ItemPatch {
  name?: string;
  grams?: number;
  foodId?: string | null;
}

/**
 * What an edit implies for the item's food: choosing a food (`foodId`) takes its name and its
 * macros for the portion; renaming in free text drops the food reference and leaves the numbers.
 * Either way the user has said what the food is, so an example item (the demo recognizer's)
 * becomes theirs; a new portion alone leaves an example an example. The caller's explicit values
 * override these.
 */
export async function foodChanges(db: Db, item: FoodItem, patch: ItemPatch): Promise<Partial<FoodItem>> {
  if (patch.foodId === undefined) {
    return patch.name !== undefined && patch.name !== item.name ? { foodId: null, example: false } : {};
  }
  if (patch.foodId === null) return {};
  const food = await findFood(db, patch.foodId);
  return { name: food.name, ...macrosForPortion(food, patch.grams ?? item.grams), example: false };
}
