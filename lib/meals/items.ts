import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type FoodItem, foodItems, meals } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { findFood, foodChanges } from "@/lib/foods/food-changes";
import { notFound } from "@/lib/http/errors";
import { finalizeMeal } from "./finalize-meal";
import type { ItemPatchInput, NewItemInput } from "./inputs";
import { lockMeal } from "./lock-meal";
import { MACRO_KEYS } from "./macros";
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

/** An item added by hand; a meal with a manual item is COMPLETE once nothing is in flight. */
export async function addManualItem(userId: string, mealId: string, input: NewItemInput): Promise<FoodItem> {
  return transaction(async (tx) => {
    await findOwnedMeal(tx, userId, mealId, { lock: true });
    if (input.foodId) await findFood(tx, input.foodId);
    const [item] = await tx
      .insert(foodItems)
      .values({ ...input, mealId, source: "manual" })
      .returning();
    await finalizeMeal(tx, mealId);
    if (!item) throw new Error("insert returned no row");
    return item;
  });
}

/**
 * Edits an item. Changing only the grams scales the macros with them (the portion changed, not
 * the food); choosing a table food takes its macros, a free-text rename drops the food reference
 * (`foodChanges`); values sent explicitly win.
 */
export async function updateItem(userId: string, itemId: string, patch: ItemPatchInput): Promise<FoodItem> {
  return transaction(async (tx) => {
    const item = await lockOwnedItem(tx, userId, itemId);
    const changes: Partial<FoodItem> = {
      ...(await foodChanges(tx, item, patch)),
      ...patch,
      editedAt: new Date(),
    };
    if (patch.grams !== undefined && item.grams > 0) {
      const ratio = patch.grams / item.grams;
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
