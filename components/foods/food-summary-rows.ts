import { PIECE_PORTION, SERVING_PORTION } from "@/lib/foods/food-numbers";
import { macrosForPortion } from "@/lib/meals/macros";
import type { FoodAnswer } from "./food-answer";
import type { SummaryRow } from "./nutrition-summary";

/** A food's values as stored: per 100 g, and per piece (a recipe's) or per serving (a label's). */
export function foodSummaryRows(food: Pick<FoodAnswer, "per100g" | "portions">): SummaryRow[] {
  const rows: SummaryRow[] = [{ label: "Per 100 g", values: food.per100g }];
  for (const portion of food.portions) {
    if (portion.own || (portion.label !== PIECE_PORTION && portion.label !== SERVING_PORTION)) continue;
    rows.push({
      label: `Per ${portion.label} (${portion.grams} g)`,
      values: macrosForPortion(food.per100g, portion.grams),
    });
  }
  return rows;
}
