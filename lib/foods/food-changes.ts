import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Food, type FoodItem, foods } from "@/db/schema";
import { AppError } from "@/lib/http/errors";
import { MACRO_KEYS, type Macros, macrosForPortion } from "@/lib/meals/macros";

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

interface ItemPatch extends Partial<Macros> {
  name?: string;
  grams?: number;
  foodId?: string | null;
}

/**
 * The rename rule: an item whose numbers describe its name — a food's, or the recognizer's
 * estimate for what it saw — renamed in free text would keep them under a name they do not
 * describe ("idli" with a croissant's kcal). Such a rename names a food (`foodId`) or sends all
 * the numbers; a rename of numbers the user typed (a manual item without a food) keeps them.
 */
function refuseRenameWithoutNumbers(item: FoodItem, patch: ItemPatch): void {
  if (item.foodId === null && item.source !== "ai") return;
  const missing = MACRO_KEYS.filter((key) => patch[key] === undefined);
  if (missing.length === 0) return;
  throw new AppError(
    "validation_failed",
    "A new name needs its numbers: pick a food (foodId) or send kcal, protein, fat and carbs",
    { fields: missing.map((path) => ({ path, message: "required with a new name and no foodId" })) },
  );
}

/**
 * What an edit implies for the item's food: choosing a food (`foodId`) takes its name and its
 * macros for the portion; renaming in free text drops the food reference and takes the numbers
 * sent with it (refuseRenameWithoutNumbers).
 * Either way the user has said what the food is, so an example item (the demo recognizer's)
 * becomes theirs; a new portion alone leaves an example an example. The caller's explicit values
 * override these.
 */
export async function foodChanges(db: Db, item: FoodItem, patch: ItemPatch): Promise<Partial<FoodItem>> {
  if (patch.foodId === undefined) {
    if (patch.name === undefined || patch.name === item.name) return {};
    refuseRenameWithoutNumbers(item, patch);
    // The numbers are the user's now (`manual`, so a later rename keeps them), and the portion was
    // the old food's ("2 × roti"): the new name is counted in grams.
    return { foodId: null, example: false, source: "manual", portionLabel: null, portionCount: null };
  }
  if (patch.foodId === null) return {};
  const food = await findFood(db, patch.foodId);
  return { name: food.name, ...macrosForPortion(food, patch.grams ?? item.grams), example: false };
}
