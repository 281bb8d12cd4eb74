import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type FoodItem, foodItems, meals } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { findFood } from "@/lib/foods/find-food";
import { foodChanges, portionChanges } from "@/lib/foods/food-changes";
import { invalidFields, notFound } from "@/lib/http/errors";
import { finalizeMeal } from "./finalize-meal";
import type { ItemPatchInput, NewItemInput } from "./inputs";
import { lockMeal } from "./lock-meal";
import { MACRO_KEYS, macrosForPortion } from "./macros";
import { findOwnedMeal } from "./owned-meal";

/**
 * Locks the caller's item, its meal first (`lockMeal`, the one lock order); 404 when either is
 * missing or someone else's.
 */
async function lockOwnedItem(tx: Db, userId: string, itemId: string): Promise<FoodItem> {
  const [ref] = await tx
    .select({ mealId: foodItems.mealId })
    .from(foodItems)
    .innerJoin(meals, eq(meals.id, foodItems.mealId))
    .where(and(eq(foodItems.id, itemId), eq(meals.userId, userId)));
  if (!ref || !(await lockMeal(tx, ref.mealId, { userId }))) throw notFound("Item");
  // Re-read under the meal's lock: the item may have been deleted meanwhile (an item never moves meal).
  const [item] = await tx.select().from(foodItems).where(eq(foodItems.id, itemId)).for("update");
  if (!item) throw notFound("Item");
  return item;
}

/**
 * An item's grams and macros: as sent, or from a portion of its food (count × the portion's
 * grams, the food's macros for them), values sent explicitly winning.
 */
async function itemAmounts(tx: Db, userId: string, input: NewItemInput) {
  const { portion, ...sent } = input;
  const food = sent.foodId ? await findFood(tx, userId, sent.foodId) : null;
  const fromPortion = portion ? await portionChanges(tx, userId, food?.id ?? null, portion) : null;
  const computed = food && fromPortion ? macrosForPortion(food, fromPortion.grams) : null;
  const amounts = {
    grams: fromPortion?.grams ?? sent.grams,
    kcal: sent.kcal ?? computed?.kcal,
    protein: sent.protein ?? computed?.protein,
    fat: sent.fat ?? computed?.fat,
    carbs: sent.carbs ?? computed?.carbs,
  };
  const { grams, kcal, protein, fat, carbs } = amounts;
  if (
    grams === undefined ||
    kcal === undefined ||
    protein === undefined ||
    fat === undefined ||
    carbs === undefined
  ) {
    // newItemInput requires them without a portion; with one, the food gives them.
    throw invalidFields(
      Object.entries(amounts)
        .filter(([, value]) => value === undefined)
        .map(([path]) => ({ path, message: "required" })),
    );
  }
  return {
    grams,
    kcal,
    protein,
    fat,
    carbs,
    portionLabel: fromPortion?.portionLabel ?? null,
    portionCount: fromPortion?.portionCount ?? null,
  };
}

/** An item added by hand; a meal with a manual item is COMPLETE once nothing is in flight. */
export async function addManualItem(userId: string, mealId: string, input: NewItemInput): Promise<FoodItem> {
  return transaction(async (tx) => {
    await findOwnedMeal(tx, userId, mealId, { lock: true });
    const amounts = await itemAmounts(tx, userId, input);
    const [item] = await tx
      .insert(foodItems)
      .values({ name: input.name, foodId: input.foodId, ...amounts, mealId, source: "manual" })
      .returning();
    await finalizeMeal(tx, mealId);
    if (!item) throw new Error("insert returned no row");
    return item;
  });
}

/**
 * Edits an item. Changing only the grams scales the macros with them (the portion changed, not
 * the food); choosing a food takes its macros, a household portion sets the grams, a free-text
 * rename drops the food reference (`foodChanges`); values sent explicitly win, except grams
 * beside a portion (the portion says how much).
 */
export async function updateItem(userId: string, itemId: string, patch: ItemPatchInput): Promise<FoodItem> {
  return transaction(async (tx) => {
    const item = await lockOwnedItem(tx, userId, itemId);
    const { portion, ...sent } = patch;
    if (portion) delete sent.grams;
    const changes: Partial<FoodItem> = {
      ...(await foodChanges(tx, userId, item, patch)),
      ...sent,
      editedAt: new Date(),
    };
    if (changes.grams !== undefined && item.grams > 0) {
      const ratio = changes.grams / item.grams;
      for (const macro of MACRO_KEYS) {
        if (changes[macro] === undefined) changes[macro] = Math.round(item[macro] * ratio * 10) / 10;
      }
    }
    const [updated] = await tx.update(foodItems).set(changes).where(eq(foodItems.id, itemId)).returning();
    if (!updated) throw notFound("Item");
    return updated;
  });
}

export async function deleteItem(userId: string, itemId: string): Promise<void> {
  await transaction(async (tx) => {
    const item = await lockOwnedItem(tx, userId, itemId);
    await tx.delete(foodItems).where(eq(foodItems.id, itemId));
    await finalizeMeal(tx, item.mealId);
  });
}
