// Shared with the browser (the food and recipe forms' live totals), so not `server-only`: it
// imports only client-safe code.
import { MACRO_KEYS, type Macros } from "@/lib/meals/macros";

/**
 * The most energy 100 g of a food can hold: above pure fat (100 g of fat is 884 kcal by IFCT
 * 2017's 37 kJ/g), with room for a label's rounding. Issue 31 sets the bound.
 */
export const MAX_KCAL_PER_100G = 950;
/** Protein, fat and carbohydrate are each, and together, at most the food's own weight. */
export const MAX_MACRO_GRAMS_PER_100G = 100;

/** Limits of what a user enters (g): one serving or portion, one ingredient, a recipe's pot. */
export const MAX_SERVING_GRAMS = 5000;
export const MAX_INGREDIENT_GRAMS = 10_000;
export const MAX_COOKED_GRAMS = 100_000;
export const MAX_INGREDIENTS = 100;
export const MAX_PIECES = 1000;
/** An item's portion count ("2 × roti"): more than this many is not one item. */
export const MAX_PORTION_COUNT = 100;
/** The longest name of a user's own food or recipe. */
export const FOOD_NAME_MAX = 120;
/** The label of a recipe's own portion: one of the pieces or servings it makes. */
export const PIECE_PORTION = "piece";
/** The label of a label food's own portion: the serving its values were given for. */
export const SERVING_PORTION = "serving";
/** The most foods one `GET /api/foods` answers (a search's matches, recent or own foods). */
export const FOOD_SEARCH_MAX_LIMIT = 50;

/** Two decimals: the precision the table's sources publish per 100 g. */
const round2 = (value: number) => Math.round(value * 100) / 100;
const round1 = (value: number) => Math.round(value * 10) / 10;

export interface Ingredient {
  per100g: Macros;
  /** Raw weight used (g). */
  grams: number;
}

/** What the ingredients hold together (kcal, g): each one's values per 100 g times its grams. */
export function ingredientTotals(ingredients: readonly Ingredient[]): Macros {
  const totals = { kcal: 0, protein: 0, fat: 0, carbs: 0 };
  for (const { per100g, grams } of ingredients) {
    for (const key of MACRO_KEYS) totals[key] += (per100g[key] * grams) / 100;
  }
  return totals;
}

/**
 * A recipe per 100 g of the cooked dish: what its raw ingredients hold (energy summed as the
 * sources give it, not recomputed) over the weight it comes to once cooked. Cooking changes the
 * water, not the nutrients counted here.
 */
export function recipePer100g(ingredients: readonly Ingredient[], cookedGrams: number): Macros {
  const totals = ingredientTotals(ingredients);
  return scaleTo100g(totals, cookedGrams);
}

/** A label's values per serving, per 100 g. */
export function servingPer100g(perServing: Macros, servingGrams: number): Macros {
  return scaleTo100g(perServing, servingGrams);
}

function scaleTo100g(values: Macros, grams: number): Macros {
  const per100g = { kcal: 0, protein: 0, fat: 0, carbs: 0 };
  for (const key of MACRO_KEYS) per100g[key] = round2((values[key] * 100) / grams);
  return per100g;
}

/** The weight of one of a recipe's pieces or servings (g). */
export function pieceGrams(cookedGrams: number, pieces: number): number {
  return round1(cookedGrams / pieces);
}

/** The weight of `count` household portions of `grams` each ("2 × roti of 40 g"), to 0.1 g. */
export function portionGrams(count: number, grams: number): number {
  return round1(count * grams);
}

/**
 * The least cooked weight (g) at which a recipe's totals stay possible per 100 g: no more than
 * its own weight in macros, and no more than MAX_KCAL_PER_100G.
 */
export function leastCookedGrams(totals: Macros): number {
  const macros = totals.protein + totals.fat + totals.carbs;
  return Math.ceil(Math.max(macros, (totals.kcal * 100) / MAX_KCAL_PER_100G) * 10) / 10;
}

/** Why values per 100 g cannot be a food's, by field; none when they can. */
export function per100gProblems(per100g: Macros): { key: keyof Macros | "macros"; message: string }[] {
  const problems: { key: keyof Macros | "macros"; message: string }[] = [];
  if (per100g.kcal > MAX_KCAL_PER_100G) {
    problems.push({ key: "kcal", message: `more than ${MAX_KCAL_PER_100G} kcal per 100 g` });
  }
  for (const key of ["protein", "fat", "carbs"] as const) {
    if (per100g[key] > MAX_MACRO_GRAMS_PER_100G) {
      problems.push({ key, message: `more than ${MAX_MACRO_GRAMS_PER_100G} g per 100 g` });
    }
  }
  if (per100g.protein + per100g.fat + per100g.carbs > MAX_MACRO_GRAMS_PER_100G) {
    problems.push({
      key: "macros",
      message: `protein, fat and carbohydrate add up to more than ${MAX_MACRO_GRAMS_PER_100G} g per 100 g`,
    });
  }
  return problems;
}
