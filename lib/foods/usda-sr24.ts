import "server-only";
import type { FoodState } from "@/db/schema";
import data from "./data/usda-sr24.json";
import type { AtwaterFactors } from "./energy-check";
import { LOCAL_NAME_SEPARATOR, parseLocalNames } from "./local-names";

/** A household measure as SR24 gives it: `amount` × `name` weighs `grams` ("1 cup" = 158 g). */
export interface Sr24Measure {
  amount: number;
  name: string;
  grams: number;
}

/**
 * A USDA SR24 food of the table (lib/foods/data/usda-sr24.json, written by
 * scripts/extract-usda-sr24.ts): per 100 g, SR24's values; `carbs` is SR's carbohydrate by
 * difference, fibre included.
 */
export interface Sr24Food {
  ndb: string;
  description: string;
  name: string;
  group: string;
  state: FoodState;
  /** IFCT 2017 codes of the same species whose local names the row carries. */
  ifct?: readonly string[];
  /** The SR Legacy description the row was first loaded under, where it replaced one. */
  srLegacy?: string;
  kcal: number;
  protein: number;
  fat: number;
  carbs: number;
  fibre: number | null;
  factors: AtwaterFactors | null;
  measures: readonly Sr24Measure[];
}

export const USDA_SR24_CITATION: string = data.source;
export const USDA_SR24_FOODS = data.foods as readonly Sr24Food[];

const byNdb = new Map(USDA_SR24_FOODS.map((food) => [food.ndb, food]));

/** The SR24 food of that NDB number; throws when the table does not hold it (a list naming a wrong number). */
export function sr24Food(ndb: string): Sr24Food {
  const food = byNdb.get(ndb);
  if (!food) throw new Error(`The table holds no USDA SR24 food ${ndb}`);
  return food;
}

/**
 * A food's own portions from its SR24 measures: the measure's name, with its amount when it is not
 * one ("cup" 158 g, "0.5 cup" 78 g; spaces collapsed), grams as given; the first measure of a name wins (SR24 gives
 * white bread two "slice" measures).
 */
export function sr24Portions(food: Sr24Food): { label: string; grams: number }[] {
  const portions = new Map<string, number>();
  for (const { amount, name, grams } of food.measures) {
    const label = `${amount === 1 ? "" : `${amount} `}${name.replace(/\s+/g, " ").trim()}`;
    if (!portions.has(label)) portions.set(label, grams);
  }
  return [...portions].map(([label, grams]) => ({ label, grams }));
}

/**
 * The local names a SR24 food carries: those IFCT 2017's descriptions give its IFCT counterparts
 * (same species: cooked pigeon peas ← red gram, dal and whole), read as for IFCT's own rows, "" if none.
 */
export function sr24LocalNames(food: Sr24Food, descriptions: ReadonlyMap<string, { desc: string }>): string {
  const texts = (food.ifct ?? []).map((code) => {
    const description = descriptions.get(code);
    if (!description) throw new Error(`IFCT 2017 describes no food ${code} (SR24 ${food.ndb})`);
    return description.desc;
  });
  return parseLocalNames(texts.join("; ")).join(LOCAL_NAME_SEPARATOR);
}
