import "server-only";
import { getDb } from "@/db/client";
import { macrosForPortion } from "@/lib/meals/macros";
import type { RecognizedItem } from "@/lib/recognition/types";
import { type RankedFood, rankFoodsForEach } from "./rank-foods";

// A recognised name is taken for a table food only when every word of it nearly matches the name
// and the names as wholes are close; "Grilled salmon" is not "Salmon fillet" and keeps its estimate.
const MIN_WORD_SCORE = 0.8;
const MIN_NAME_SIMILARITY = 0.5;

/** The table food a recognised name confidently names, or null. */
export function isConfidentMatch(food: RankedFood): boolean {
  return food.score >= MIN_WORD_SCORE && food.nameSimilarity >= MIN_NAME_SIMILARITY;
}

/**
 * Matches each recognised item (name + grams) to the food table: a confident match takes its
 * name's nutrition from the table for the recognised grams and keeps the food's id; otherwise the
 * recognizer's own estimate stays, with no food id (shown as estimated). All items in one search
 * transaction.
 */
export async function matchRecognizedItems(items: RecognizedItem[]): Promise<RecognizedItem[]> {
  const bestOfEach = await rankFoodsForEach(
    await getDb(),
    items.map((item) => item.name),
    1,
  );
  return items.map((item, index) => {
    const best = bestOfEach[index]?.[0];
    return best && isConfidentMatch(best)
      ? { ...item, ...macrosForPortion(best, item.grams), foodId: best.id }
      : { ...item, foodId: null };
  });
}
