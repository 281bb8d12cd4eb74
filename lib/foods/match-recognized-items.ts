import "server-only";
import { LRUCache } from "lru-cache";
import { getDb } from "@/db/client";
import { macrosForPortion } from "@/lib/meals/macros";
import type { RecognizedItem } from "@/lib/recognition/types";
import { type RankedFood, rankFoodsForEach } from "./rank-foods";
import { searchWords } from "./search-words";

// A recognised name is taken for a table food only when every word of it nearly matches the name
// and the names as wholes are close; "Grilled salmon" is not "Salmon fillet" and keeps its estimate.
const MIN_WORD_SCORE = 0.8;
const MIN_NAME_SIMILARITY = 0.5;

/** The table food a recognised name confidently names, or null. */
export function isConfidentMatch(food: RankedFood): boolean {
  return food.score >= MIN_WORD_SCORE && food.nameSimilarity >= MIN_NAME_SIMILARITY;
}

/**
 * Each searched name's confident match (or none), per process. The food table changes only with a
 * migration, and recognizers name the same foods again and again, while one name's ranked search
 * costs its trigram scan (several ms of database CPU). Bounded, and expiring so that a table
 * changed under a running process is seen within the TTL.
 */
const confidentMatches = new LRUCache<string, { food: RankedFood | null }>({ max: 5_000, ttl: 10 * 60_000 });

/**
 * Matches each recognised item (name + grams) to the food table: a confident match takes its
 * name's nutrition from the table for the recognised grams and keeps the food's id; otherwise the
 * recognizer's own estimate stays, with no food id (shown as estimated). Names not matched
 * recently are searched in one transaction (rankFoodsForEach); the others cost no statement.
 */
export async function matchRecognizedItems(items: RecognizedItem[]): Promise<RecognizedItem[]> {
  const keys = items.map((item) => searchWords(item.name).join(" "));
  // Read once: an entry that expired while the others were searched still answers this call.
  const known = new Map(keys.map((key) => [key, confidentMatches.get(key)]));
  const unknown = [...known].filter(([, match]) => match === undefined).map(([key]) => key);
  if (unknown.length > 0) {
    const bestOfEach = await rankFoodsForEach(await getDb(), unknown, 1, { userId: null });
    unknown.forEach((key, index) => {
      const best = bestOfEach[index]?.[0];
      const match = { food: best && isConfidentMatch(best) ? best : null };
      confidentMatches.set(key, match);
      known.set(key, match);
    });
  }
  return items.map((item, index) => {
    const food = known.get(keys[index] ?? "")?.food;
    return food
      ? { ...item, ...macrosForPortion(food, item.grams), foodId: food.id }
      : { ...item, foodId: null };
  });
}
