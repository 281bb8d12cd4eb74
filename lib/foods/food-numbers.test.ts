import { describe, expect, it } from "vitest";
import {
  leastCookedGrams,
  per100gProblems,
  pieceGrams,
  portionGrams,
  recipePer100g,
  servingPer100g,
} from "./food-numbers";

// Made-up compositions: these tests check the arithmetic, not any food's values.
const grain = { kcal: 350, protein: 10, fat: 2, carbs: 70 };
const fat = { kcal: 880, protein: 0, fat: 100, carbs: 0 };

describe("recipe arithmetic", () => {
  it("sums the raw ingredients and spreads them over the cooked weight", () => {
    // 200 g grain + 10 g fat = 700 + 88 kcal, 20 g protein, 4 + 10 g fat, 140 g carbs; cooked 500 g.
    expect(
      recipePer100g(
        [
          { per100g: grain, grams: 200 },
          { per100g: fat, grams: 10 },
        ],
        500,
      ),
    ).toEqual({
      kcal: 157.6,
      protein: 4,
      fat: 2.8,
      carbs: 28,
    });
  });

  it("sums the energies as given, without recomputing them from the macros", () => {
    const odd = { kcal: 100, protein: 0, fat: 0, carbs: 0 };
    expect(recipePer100g([{ per100g: odd, grams: 100 }], 200).kcal).toBe(50);
  });

  it("keeps the totals when the dish loses water: per 100 g rises", () => {
    expect(recipePer100g([{ per100g: grain, grams: 100 }], 50)).toEqual({
      kcal: 700,
      protein: 20,
      fat: 4,
      carbs: 140,
    });
  });

  it("says the least cooked weight the totals allow", () => {
    // 82 g of macros and 350 kcal: 82 g at least (350 kcal over 950 per 100 g is 36.9 g).
    expect(leastCookedGrams({ kcal: 350, protein: 10, fat: 2, carbs: 70 })).toBe(82);
    // Pure fat: the energy bound is the tighter one (880 / 9.5 = 92.7 g).
    expect(leastCookedGrams({ kcal: 880, protein: 0, fat: 50, carbs: 0 })).toBe(92.7);
  });

  it("divides the cooked weight into pieces", () => {
    expect(pieceGrams(500, 4)).toBe(125);
    expect(pieceGrams(100, 3)).toBe(33.3);
  });
});

describe("labels and portions", () => {
  it("turns a label's serving into values per 100 g", () => {
    expect(servingPer100g({ kcal: 120, protein: 3, fat: 4.5, carbs: 18 }, 30)).toEqual({
      kcal: 400,
      protein: 10,
      fat: 15,
      carbs: 60,
    });
  });

  it("multiplies a portion by its count, to a tenth of a gram", () => {
    expect(portionGrams(2, 40)).toBe(80);
    expect(portionGrams(1.5, 150)).toBe(225);
    expect(portionGrams(0.3, 33.3)).toBe(10);
  });

  it("refuses values no food can have", () => {
    expect(per100gProblems(grain)).toEqual([]);
    expect(per100gProblems(fat)).toEqual([]);
    expect(per100gProblems({ kcal: 951, protein: 0, fat: 0, carbs: 0 }).map((p) => p.key)).toEqual(["kcal"]);
    expect(per100gProblems({ kcal: 400, protein: 101, fat: 0, carbs: 0 }).map((p) => p.key)).toEqual([
      "protein",
      "macros",
    ]);
    expect(per100gProblems({ kcal: 400, protein: 40, fat: 30, carbs: 31 }).map((p) => p.key)).toEqual([
      "macros",
    ]);
  });
});
