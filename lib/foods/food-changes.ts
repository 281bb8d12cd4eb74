import "server-only";
import type { Db } from "@/db/client";
import type { FoodItem } from "@/db/schema";
import { invalidFields } from "@/lib/http/errors";
import { macrosForPortion } from "@/lib/meals/macros";
import { findFood } from "./find-food";
import { MAX_SERVING_GRAMS, portionGrams } from "./food-numbers";
import { findPortionGrams } from "./portions";

interface ItemPatch {
  name?: string;
  grams?: number;
  foodId?: string | null;
  portion?: { label: string; count: number };
}

/** What a portion ("2 × roti") makes of an item of a food: its grams, and the portion kept on the item. */
export async function portionChanges(
  db: Db,
  userId: string,
  foodId: string | null,
  portion: { label: string; count: number },
): Promise<Pick<FoodItem, "grams" | "portionLabel" | "portionCount">> {
  if (!foodId)
    throw invalidFields([{ path: "portion", message: "a portion needs the item's food (foodId)" }]);
  const grams = portionGrams(portion.count, await findPortionGrams(db, userId, foodId, portion.label));
  if (grams > MAX_SERVING_GRAMS) {
    throw invalidFields([
      { path: "portion.count", message: `${grams} g is more than ${MAX_SERVING_GRAMS} g` },
    ]);
  }
  return { grams, portionLabel: portion.label, portionCount: portion.count };
}

/**
 * What an edit implies for the item's food: choosing a food (`foodId`) takes its name and its
 * macros for the portion; renaming in free text drops the food reference and leaves the numbers.
 * Either way the user has said what the food is, so an example item (the demo recognizer's)
 * becomes theirs; a new portion alone leaves an example an example. A household portion sets the
 * grams (count × its grams); grams given alone, or another food without a portion, drop it. The
 * caller's explicit values override these.
 */
export async function foodChanges(
  db: Db,
  userId: string,
  item: FoodItem,
  patch: ItemPatch,
): Promise<Partial<FoodItem>> {
  const noPortion = { portionLabel: null, portionCount: null };
  if (patch.foodId === undefined) {
    if (patch.name !== undefined && patch.name !== item.name) {
      // A free-text rename leaves the item without a food, so without its portions.
      if (patch.portion) return portionChanges(db, userId, null, patch.portion);
      return { foodId: null, example: false, ...noPortion };
    }
    if (patch.portion) return portionChanges(db, userId, item.foodId, patch.portion);
    return patch.grams === undefined ? {} : noPortion;
  }
  if (patch.foodId === null) {
    return patch.portion ? portionChanges(db, userId, null, patch.portion) : noPortion;
  }
  const food = await findFood(db, userId, patch.foodId);
  const portion = patch.portion ? await portionChanges(db, userId, food.id, patch.portion) : null;
  const grams = portion?.grams ?? patch.grams ?? item.grams;
  return { name: food.name, ...macrosForPortion(food, grams), example: false, ...noPortion, ...portion };
}
