import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { macrosForPortion } from "./macros";

const banana = { kcal: 89, protein: 1.09, fat: 0.33, carbs: 22.84 }; // per 100 g

describe("macrosForPortion", () => {
  it("scales the values per 100 g to the portion: kcal to the unit, macros to a tenth", () => {
    expect(macrosForPortion(banana, 100)).toEqual({ kcal: 89, protein: 1.1, fat: 0.3, carbs: 22.8 });
    expect(macrosForPortion(banana, 150)).toEqual({ kcal: 134, protein: 1.6, fat: 0.5, carbs: 34.3 });
    expect(macrosForPortion(banana, 0)).toEqual({ kcal: 0, protein: 0, fat: 0, carbs: 0 });
  });

  it("is proportional to the grams, within rounding", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 4 }), (grams, factor) => {
        const one = macrosForPortion(banana, grams);
        const many = macrosForPortion(banana, grams * factor);
        expect(Math.abs(many.kcal - one.kcal * factor)).toBeLessThanOrEqual(0.5 * factor + 0.5);
        expect(Math.abs(many.carbs - one.carbs * factor)).toBeLessThanOrEqual(0.05 * factor + 0.05);
      }),
    );
  });
});
