import "server-only";
import { asc, eq } from "drizzle-orm";
import { foodItems, mealPhotos } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { sumTotals } from "./macros";
import { findOwnedMeal } from "./owned-meal";
import { presentItem, presentMeal, presentPhoto } from "./present";

/**
 * One meal with every photo whatever its status (the recognition screen shows them all). The
 * three reads share one snapshot, so a photo that just succeeded never shows beside its meal's
 * previous status.
 */
export async function getMeal(userId: string, mealId: string) {
  const { meal, photos, items } = await transaction(
    async (tx) => {
      const owned = await findOwnedMeal(tx, userId, mealId);
      const mealPhotoRows = await tx
        .select()
        .from(mealPhotos)
        .where(eq(mealPhotos.mealId, owned.id))
        .orderBy(asc(mealPhotos.createdAt), asc(mealPhotos.id));
      const itemRows = await tx
        .select()
        .from(foodItems)
        .where(eq(foodItems.mealId, owned.id))
        .orderBy(asc(foodItems.createdAt), asc(foodItems.id));
      return { meal: owned, photos: mealPhotoRows, items: itemRows };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  return {
    meal: presentMeal(meal),
    photos: photos.map(presentPhoto),
    items: items.map(presentItem),
    totals: sumTotals(items),
  };
}

export type MealDetail = Awaited<ReturnType<typeof getMeal>>;
