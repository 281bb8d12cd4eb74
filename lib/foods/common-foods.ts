import "server-only";
import type { FoodSource } from "@/db/schema";
import type { Macros } from "@/lib/meals/macros";
import { SR_LEGACY_FOODS_0007 } from "./data/sr-legacy";
import { sr24Food } from "./usda-sr24";

/**
 * Common foods (the ones the demo recognizer serves): table foods named by their source and id,
 * their name and values read from the table's data (lib/foods/data/), never restated here. Portions
 * are typical single servings in grams.
 */
export interface CommonFood {
  name: string;
  group: string;
  source: FoodSource;
  sourceId: string;
  per100g: Macros;
  /** Smallest and largest realistic serving, in grams. */
  portion: readonly [min: number, max: number];
}

function sr24(ndb: string, portion: readonly [number, number]): CommonFood {
  const { name, group, kcal, protein, fat, carbs } = sr24Food(ndb);
  return { name, group, source: "usda_sr24", sourceId: ndb, per100g: { kcal, protein, fat, carbs }, portion };
}

/** A food SR24 lacks, still as SR Legacy gave it (lib/foods/data/sr-legacy.ts). */
function srLegacy(srDescription: string, portion: readonly [number, number]): CommonFood {
  const food = SR_LEGACY_FOODS_0007.find((entry) => entry.srDescription === srDescription);
  if (!food) throw new Error(`No SR Legacy food "${srDescription}"`);
  const { name, group, kcal, protein, fat, carbs } = food;
  return {
    name,
    group,
    source: "usda_sr_legacy",
    sourceId: srDescription,
    per100g: { kcal, protein, fat, carbs },
    portion,
  };
}

// biome-ignore format: a table, one food per line
export const COMMON_FOODS: readonly CommonFood[] = [
  // Fruit
  sr24("09003", [120, 220]), // Apple
  sr24("09040", [90, 150]), // Banana
  sr24("09200", [110, 200]), // Orange
  sr24("09316", [80, 200]), // Strawberries
  sr24("09132", [80, 160]), // Grapes
  sr24("09050", [50, 150]), // Blueberries
  sr24("09326", [150, 350]), // Watermelon
  sr24("09176", [100, 200]), // Mango
  sr24("09037", [50, 150]), // Avocado
  // Vegetables
  sr24("11091", [60, 160]), // Broccoli, boiled
  sr24("11124", [50, 130]), // Carrots
  sr24("11529", [60, 180]), // Tomato
  sr24("11205", [50, 150]), // Cucumber
  sr24("11253", [30, 100]), // Lettuce, green leaf
  sr24("11457", [30, 90]), // Spinach, raw
  sr24("11260", [40, 120]), // Mushrooms
  sr24("11821", [50, 150]), // Red bell pepper
  sr24("11168", [70, 160]), // Sweet corn, boiled
  sr24("11313", [60, 140]), // Green peas (frozen), boiled
  sr24("11674", [150, 300]), // Baked potato
  sr24("11508", [120, 250]), // Sweet potato, baked
  sr24("21138", [70, 180]), // French fries
  // Grains and bakery
  sr24("20045", [120, 250]), // Rice, white, cooked
  sr24("20121", [150, 300]), // Pasta (spaghetti), cooked
  sr24("18069", [25, 80]), // White bread
  sr24("08121", [150, 300]), // Oatmeal
  sr24("20137", [100, 200]), // Quinoa, cooked
  sr24("18239", [40, 80]), // Croissant
  sr24("18293", [80, 200]), // Pancakes
  sr24("21299", [100, 320]), // Cheese pizza
  // Protein
  sr24("01129", [50, 110]), // Egg, hard-boiled
  sr24("01128", [45, 100]), // Fried egg
  sr24("05064", [100, 220]), // Roast chicken breast
  sr24("15237", [100, 200]), // Salmon, farmed, cooked
  sr24("15121", [60, 140]), // Tuna, canned in water
  sr24("10862", [15, 50]), // Bacon, pan-fried
  sr24("16070", [100, 220]), // Lentils, boiled
  sr24("16057", [80, 180]), // Chickpeas (bengal gram), boiled
  sr24("16158", [30, 90]), // Hummus
  // Dairy, nuts and sweets
  srLegacy("Yogurt, Greek, plain, nonfat", [150, 250]),
  sr24("01026", [30, 125]), // Mozzarella
  sr24("12061", [20, 45]), // Almonds
  sr24("19904", [15, 50]), // Dark chocolate
  sr24("19095", [60, 150]), // Vanilla ice cream
];
