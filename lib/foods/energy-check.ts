import "server-only";
import { type Composition, ifctEnergyKj, ifctKcal } from "./ifct";

/**
 * How far a food's energy may stray from what its macros give: 10 % or 10 kcal per 100 g,
 * whichever is larger. Tables convert with different factors (IFCT's kJ factors, Atwater's
 * general 4/9/4, USDA's food-specific ones, which put this table's USDA fruit and vegetables
 * 8–24 % below IFCT's factors) and round their macros; the absolute floor covers the low-energy
 * foods (a leafy vegetable's 15 kcal), where a few kcal are a large share. A food with no energy
 * (an oil at 0 kcal for 884) is off by 100 %. The data behind the choice: docs/FOODS.md#energy.
 */
export const ENERGY_TOLERANCE = { share: 0.1, kcal: 10 } as const;

/** kcal to one decimal, the table's precision. */
const tenths = (kcal: number) => Math.round(kcal * 10) / 10;

/** A food's own Atwater factors (kcal per g of protein, fat and carbohydrate), as USDA SR gives them. */
export interface AtwaterFactors {
  protein: number;
  fat: number;
  carbs: number;
}

export interface EnergyCheck {
  agrees: boolean;
  /** What the macros give (kcal per 100 g): fibre counted at nothing, and at IFCT's factor; by the food's own factors, one value. */
  expectedKcal: { low: number; high: number };
}

/**
 * Does a food's energy (kcal per 100 g) agree with its composition? A food whose source gives its
 * own Atwater factors (USDA SR: `factors`, applied to SR's carbohydrate by difference) is expected
 * at exactly what they give. Otherwise expected energy is IFCT 2017's factors applied to protein,
 * fat and available carbohydrate; dietary fibre, when known, may add up to its factor (tables
 * count fermentable fibre at 0 to 8 kJ/g, and a label's carbohydrate may already include it), so
 * any energy in that band, widened by the tolerance, agrees.
 */
export function checkEnergy(
  food: Composition & { kcal: number; factors?: AtwaterFactors | null },
): EnergyCheck {
  const { factors } = food;
  const own = factors
    ? tenths(factors.protein * food.protein + factors.fat * food.fat + factors.carbs * food.carbs)
    : null;
  const low = own ?? ifctKcal(ifctEnergyKj({ ...food, fibre: 0 }));
  const high = own ?? ifctKcal(ifctEnergyKj(food));
  const allowed = Math.max(ENERGY_TOLERANCE.kcal, ENERGY_TOLERANCE.share * high);
  return {
    agrees: food.kcal >= low - allowed && food.kcal <= high + allowed,
    expectedKcal: { low, high },
  };
}
