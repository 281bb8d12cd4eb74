import "server-only";
import { LRUCache } from "lru-cache";
import { getDb } from "@/db/client";
import type { FoodState } from "@/db/schema";
import { macrosForPortion } from "@/lib/meals/macros";
import type { RecognizedItem } from "@/lib/recognition/types";
import { type RankedFood, rankFoodsForEach } from "./rank-foods";
import { searchWords } from "./search-words";

// A recognised name is taken for a food only when every word of it nearly matches the name
// and the names as wholes are close; "Grilled salmon" is not "Salmon fillet" and keeps its estimate.
const MIN_WORD_SCORE = 0.8;
const MIN_NAME_SIMILARITY = 0.5;
/** Candidates looked at per name: the owner's own foods rank first and may not be confident matches. */
const CANDIDATES = 5;

/** The food a recognised name confidently names, or null. */
export function isConfidentMatch(food: RankedFood): boolean {
  return food.score >= MIN_WORD_SCORE && food.nameSimilarity >= MIN_NAME_SIMILARITY;
}

/**
 * The states of the foods whose numbers may stand for a recognised item of a state: a cooked or
 * prepared dish never takes a raw ingredient's or a dry staple's numbers (cooked rice is not dry
 * rice), nor a raw item a cooked food's; a `ready` food (milk, oil, bread: cooking does not apply)
 * fits either side. An item whose state the recognizer did not give matches `ready` foods only,
 * the one kind whose numbers hold whatever the dish's state.
 */
export const FOOD_STATES_FOR: Record<FoodState | "unknown", readonly FoodState[]> = {
  raw: ["raw", "ready"],
  cooked: ["cooked", "ready"],
  ready: ["ready", "cooked"],
  unknown: ["ready"],
};

/** The owner of the meal being recognised: their own foods match (first), nobody else's ever. */
export interface MealOwner {
  id: string;
  /**
   * Whether they had a food of their own when the attempt started (read with its start, so it
   * costs no statement): without one, the table's answers, cached, are all there is.
   */
  hasOwnFoods: boolean;
}

/**
 * Each searched name's confident match among the table foods (or none), by the item's state and
 * the name's words, per process. The food table changes only with a migration, and recognizers
 * name the same foods again and again, while one name's ranked search costs its trigram scan
 * (several ms of database CPU). Users' own foods change at any time, so they are never cached:
 * an owner with foods of their own is always searched afresh, and an answer that holds an own
 * food is never kept. Bounded, and expiring so that a table changed under a running process is
 * seen within the TTL.
 */
const tableMatches = new LRUCache<string, { food: RankedFood | null }>({ max: 5_000, ttl: 10 * 60_000 });

/**
 * Matches each recognised item (name, state, grams) to the foods the meal's owner can see — their
 * own first, then the table — of a state that fits the item's (FOOD_STATES_FOR): a confident match
 * takes its nutrition for the recognised grams and keeps the food's id; otherwise the recognizer's
 * own estimate stays, with no food id (shown as an estimate from the photo). Names to search go in
 * one transaction per state (rankFoodsForEach); names answered from the cache cost no statement.
 */
export async function matchRecognizedItems(
  items: RecognizedItem[],
  owner: MealOwner,
): Promise<RecognizedItem[]> {
  const keys = items.map((item) => `${item.state ?? "unknown"}|${searchWords(item.name).join(" ")}`);
  // Read once: an entry that expired while the others were searched still answers this call.
  const known = new Map(
    keys.map((key) => [key, owner.hasOwnFoods ? undefined : tableMatches.get(key)] as const),
  );
  const toSearch = new Map<FoodState | "unknown", string[]>();
  items.forEach((item, index) => {
    const key = keys[index] ?? "";
    if (known.get(key) !== undefined) return;
    const state = item.state ?? "unknown";
    const names = toSearch.get(state) ?? [];
    if (!names.includes(key)) toSearch.set(state, [...names, key]);
  });
  const db = await getDb();
  await Promise.all(
    [...toSearch].map(async ([state, searchKeys]) => {
      const names = searchKeys.map((key) => key.slice(key.indexOf("|") + 1));
      const ranked = await rankFoodsForEach(db, names, CANDIDATES, {
        userId: owner.id,
        states: FOOD_STATES_FOR[state],
      });
      searchKeys.forEach((key, index) => {
        const candidates = ranked[index] ?? [];
        const match = { food: candidates.find(isConfidentMatch) ?? null };
        if (candidates.every((food) => food.ownerId === null)) tableMatches.set(key, match);
        known.set(key, match);
      });
    }),
  );
  return items.map((item, index) => {
    const food = known.get(keys[index] ?? "")?.food;
    return food
      ? { ...item, ...macrosForPortion(food, item.grams), foodId: food.id }
      : { ...item, foodId: null };
  });
}
