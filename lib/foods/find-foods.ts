import "server-only";
import { getDb } from "@/db/client";
import { latinSpellings } from "./indic-query";
import type { FoodSearchQuery } from "./inputs";
import { ownFoods } from "./own-foods";
import { presentFoods } from "./present-food";
import { rankFoodsSpelledAnyOf } from "./rank-foods";
import { recentFoods } from "./recent-foods";

/**
 * `GET /api/foods`: the best matches for `q` among the table and the user's own foods (theirs
 * first; each with the local name it was found by, if any; none when nothing matches well
 * enough; a word typed in an Indic script is searched by its Latin spellings too), with `own` the user's own foods, or with neither the user's recent foods.
 */
export async function findFoods(userId: string, { q, own, limit }: FoodSearchQuery) {
  const db = await getDb();
  if (own) return { foods: await presentFoods(db, userId, await ownFoods(db, userId, limit), () => ({})) };
  if (q === undefined) {
    const recent = await recentFoods(db, userId, limit);
    return {
      foods: await presentFoods(db, userId, recent, (food) => ({
        recent: { uses: food.uses, lastGrams: food.lastGrams },
      })),
    };
  }
  const ranked = await rankFoodsSpelledAnyOf(db, [q, ...latinSpellings(q)], limit, { userId });
  return { foods: await presentFoods(db, userId, ranked, (food) => ({ localName: food.localName })) };
}
