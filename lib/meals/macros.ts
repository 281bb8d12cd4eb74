// Shared with the browser (the diary's optimistic totals), so not `server-only`: no imports.

/** Energy (kcal) and macros (g): of a food per 100 g, an item, a meal's or a day's totals, the goals. */
export interface Macros {
  kcal: number;
  protein: number;
  fat: number;
  carbs: number;
}

export const MACRO_KEYS = ["kcal", "protein", "fat", "carbs"] as const satisfies readonly (keyof Macros)[];

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The sum of items (or of meals' totals): kcal to the unit, macros to a tenth of a gram. */
export function sumTotals(items: readonly Macros[]): Macros {
  const sum = { kcal: 0, protein: 0, fat: 0, carbs: 0 };
  for (const item of items) {
    for (const key of MACRO_KEYS) sum[key] += item[key];
  }
  return {
    kcal: Math.round(sum.kcal),
    protein: round1(sum.protein),
    fat: round1(sum.fat),
    carbs: round1(sum.carbs),
  };
}

/** The macros of `grams` of a food given per 100 g: kcal to the unit, macros to a tenth of a gram. */
export function macrosForPortion(per100g: Macros, grams: number): Macros {
  const scale = grams / 100;
  return {
    kcal: Math.round(per100g.kcal * scale),
    protein: round1(per100g.protein * scale),
    fat: round1(per100g.fat * scale),
    carbs: round1(per100g.carbs * scale),
  };
}
