// Client-safe: the portion picker's rules, shared by the add and edit dialogs.
import { readAmount } from "@/components/diary/read-amount";
import { MAX_PORTION_COUNT, portionGrams } from "@/lib/foods/food-numbers";
import type { Macros } from "@/lib/meals/macros";
import { MAX_ITEM_GRAMS } from "@/lib/meals/meal-limits";

/** A household portion of a food as the API answers it: the food's own, or the user's (`own`). */
export interface FoodPortion {
  label: string;
  grams: number;
  own: boolean;
}

/** An item's portion: "2 × roti". */
export interface ItemPortion {
  label: string;
  count: number;
}

/** What the picker needs of a food (GET /api/foods and GET /api/foods/:id answer it). */
export interface PortionedFood {
  id: string;
  name: string;
  per100g: Macros;
  portions: FoodPortion[];
  lastPortion: ItemPortion | null;
}

/** The picker's unit: grams, or one of the food's portions by label. */
export const GRAMS = "";

/** What the picker holds: a unit and the amount typed (a count of portions, or grams). */
export interface PortionValue {
  unit: string;
  amount: string;
}

/**
 * Where a picker starts for a food: the portion given (the item's own), else the food's last one
 * (the portion of the user's latest item of it), else `grams`; a portion the food no longer has
 * falls back to the grams.
 */
export function initialPortion(
  food: PortionedFood | null,
  given: ItemPortion | null,
  grams: number,
): PortionValue {
  const start = given ?? food?.lastPortion ?? null;
  if (start && food?.portions.some((portion) => portion.label === start.label)) {
    return { unit: start.label, amount: String(start.count) };
  }
  return { unit: GRAMS, amount: String(grams) };
}

export type ReadPortion =
  | { grams: number; portion: ItemPortion | null; error: null }
  | { grams: null; portion: null; error: string };

/** The grams (and the portion) a picker's value stands for, or why it cannot be read. */
export function readPortion(food: PortionedFood | null, { unit, amount }: PortionValue): ReadPortion {
  const chosen = unit === GRAMS ? undefined : food?.portions.find((portion) => portion.label === unit);
  const read = readAmount(amount, { max: chosen ? MAX_PORTION_COUNT : MAX_ITEM_GRAMS });
  if (read.value === null) return { grams: null, portion: null, error: read.error };
  const value = read.value;
  if (!chosen) return { grams: value, portion: null, error: null };
  if (value === 0) return { grams: null, portion: null, error: "Enter more than 0." };
  const grams = portionGrams(value, chosen.grams);
  if (grams > MAX_ITEM_GRAMS) {
    return {
      grams: null,
      portion: null,
      error: `At most ${MAX_ITEM_GRAMS.toLocaleString("en-GB")} g in one item.`,
    };
  }
  return { grams, portion: { label: chosen.label, count: value }, error: null };
}
