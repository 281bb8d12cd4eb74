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
  const renamed = patch.name !== undefined && patch.name !== item.name;
  if (patch.foodId === undefined && !patch.portion) {
    if (renamed) return { foodId: null, example: false, ...noPortion };
    return patch.grams === undefined ? {} : noPortion;
  }
  if (patch.foodId === null)
    return patch.portion ? portionChanges(db, userId, null, patch.portion) : noPortion;
  const foodId = patch.foodId ?? item.foodId;
  const portion = patch.portion ? await portionChanges(db, userId, foodId, patch.portion) : undefined;
  if (patch.foodId === undefined) return portion ?? {};
  const food = await findFood(db, userId, patch.foodId);
  const grams = portion?.grams ?? patch.grams ?? item.grams;
  return { name: food.name, ...macrosForPortion(food, grams), example: false, ...noPortion, ...portion };
}
