import "server-only";
import type { FoodState } from "@/db/schema";

/**
 * The common foods as migration 0007 first loaded them (source `usda_sr_legacy`): energy (kcal) and
 * macros (g) per 100 g as listed in USDA FoodData Central, SR Legacy (https://fdc.nal.usda.gov),
 * rounded to two decimals; `srDescription` is the row's `source_id`. Migration 0018 replaced all of
 * them but Greek yogurt (SR24 has none) with their USDA SR24 values (lib/foods/data/usda-sr24.json):
 * kept so that scripts/generate-food-data.ts regenerates 0007 as it was, and for the row still
 * loaded from here. Not to be edited.
 */
export interface SrLegacyFood {
  name: string;
  group: string;
  srDescription: string;
  kcal: number;
  protein: number;
  fat: number;
  carbs: number;
}

const food = (
  name: string,
  group: string,
  srDescription: string,
  kcal: number,
  protein: number,
  fat: number,
  carbs: number,
): SrLegacyFood => ({ name, group, srDescription, kcal, protein, fat, carbs });

// biome-ignore format: a table, one food per line
export const SR_LEGACY_FOODS_0007: readonly SrLegacyFood[] = [
  food("Apple", "Fruit", "Apples, raw, with skin", 52, 0.26, 0.17, 13.81),
  food("Banana", "Fruit", "Bananas, raw", 89, 1.09, 0.33, 22.84),
  food("Orange", "Fruit", "Oranges, raw, all commercial varieties", 47, 0.94, 0.12, 11.75),
  food("Strawberries", "Fruit", "Strawberries, raw", 32, 0.67, 0.3, 7.68),
  food("Grapes", "Fruit", "Grapes, red or green, raw", 69, 0.72, 0.16, 18.1),
  food("Blueberries", "Fruit", "Blueberries, raw", 57, 0.74, 0.33, 14.49),
  food("Watermelon", "Fruit", "Watermelon, raw", 30, 0.61, 0.15, 7.55),
  food("Mango", "Fruit", "Mangos, raw", 60, 0.82, 0.38, 14.98),
  food("Avocado", "Fruit", "Avocados, raw, all commercial varieties", 160, 2, 14.66, 8.53),
  food("Broccoli", "Vegetables", "Broccoli, cooked, boiled, drained, without salt", 35, 2.38, 0.41, 7.18),
  food("Carrots", "Vegetables", "Carrots, raw", 41, 0.93, 0.24, 9.58),
  food("Tomato", "Vegetables", "Tomatoes, red, ripe, raw, year round average", 18, 0.88, 0.2, 3.89),
  food("Cucumber", "Vegetables", "Cucumber, with peel, raw", 15, 0.65, 0.11, 3.63),
  food("Green salad", "Vegetables", "Lettuce, green leaf, raw", 15, 1.36, 0.15, 2.87),
  food("Spinach", "Vegetables", "Spinach, raw", 23, 2.86, 0.39, 3.63),
  food("Mushrooms", "Vegetables", "Mushrooms, white, raw", 22, 3.09, 0.34, 3.26),
  food("Red bell pepper", "Vegetables", "Peppers, sweet, red, raw", 31, 0.99, 0.3, 6.03),
  food("Sweet corn", "Vegetables", "Corn, sweet, yellow, cooked, boiled, drained, without salt", 96, 3.41, 1.5, 20.98),
  food("Green peas", "Vegetables", "Peas, green, frozen, cooked, boiled, drained, without salt", 78, 5.15, 0.27, 14.26),
  food("Baked potato", "Vegetables", "Potatoes, baked, flesh and skin, without salt", 93, 2.5, 0.13, 21.15),
  food("Sweet potato", "Vegetables", "Sweet potato, cooked, baked in skin, flesh, without salt", 90, 2.01, 0.15, 20.71),
  food("French fries", "Vegetables", "Fast foods, potato, french fried in vegetable oil", 312, 3.43, 14.73, 41.44),
  food("White rice", "Grains and bakery", "Rice, white, long-grain, regular, enriched, cooked", 130, 2.69, 0.28, 28.17),
  food("Pasta", "Grains and bakery", "Pasta, cooked, enriched, without added salt", 158, 5.8, 0.93, 30.86),
  food("White bread", "Grains and bakery", "Bread, white, commercially prepared", 266, 7.64, 3.29, 50.61),
  food("Oatmeal", "Grains and bakery", "Cereals, oats, regular and quick, cooked with water, without salt", 71, 2.54, 1.52, 12),
  food("Quinoa", "Grains and bakery", "Quinoa, cooked", 120, 4.4, 1.92, 21.3),
  food("Croissant", "Grains and bakery", "Croissants, butter", 406, 8.2, 21, 45.8),
  food("Pancakes", "Grains and bakery", "Pancakes, plain, prepared from recipe", 227, 6.4, 9.7, 28.3),
  food("Cheese pizza", "Grains and bakery", 'Fast foods, pizza chain, 14" pizza, cheese topping, regular crust', 266, 11.39, 9.69, 33.33),
  food("Boiled egg", "Protein", "Egg, whole, cooked, hard-boiled", 155, 12.58, 10.61, 1.12),
  food("Fried egg", "Protein", "Egg, whole, cooked, fried", 196, 13.61, 14.84, 0.83),
  food("Roast chicken breast", "Protein", "Chicken, broilers or fryers, breast, meat only, cooked, roasted", 165, 31.02, 3.57, 0),
  food("Salmon fillet", "Protein", "Fish, salmon, Atlantic, farmed, cooked, dry heat", 206, 22.1, 12.35, 0),
  food("Tuna", "Protein", "Fish, tuna, light, canned in water, drained solids", 116, 25.51, 0.82, 0),
  food("Bacon", "Protein", "Pork, cured, bacon, cooked, pan-fried", 541, 37.04, 41.78, 1.43),
  food("Lentils", "Protein", "Lentils, mature seeds, cooked, boiled, without salt", 116, 9.02, 0.38, 20.13),
  food("Chickpeas", "Protein", "Chickpeas (garbanzo beans), mature seeds, cooked, boiled, without salt", 164, 8.86, 2.59, 27.42),
  food("Hummus", "Protein", "Hummus, commercial", 166, 7.9, 9.6, 14.29),
  food("Greek yogurt", "Dairy, nuts and sweets", "Yogurt, Greek, plain, nonfat", 59, 10.19, 0.39, 3.6),
  food("Mozzarella", "Dairy, nuts and sweets", "Cheese, mozzarella, whole milk", 300, 22.17, 22.35, 2.19),
  food("Almonds", "Dairy, nuts and sweets", "Nuts, almonds", 579, 21.15, 49.93, 21.55),
  food("Dark chocolate", "Dairy, nuts and sweets", "Chocolate, dark, 70-85% cacao solids", 598, 7.79, 42.63, 45.9),
  food("Vanilla ice cream", "Dairy, nuts and sweets", "Ice creams, vanilla", 207, 3.5, 11, 23.6),
];

/** The state of each row still loaded from SR Legacy (SR24 has no such food). */
export const SR_LEGACY_STATES: Readonly<Record<string, FoodState>> = {
  "Yogurt, Greek, plain, nonfat": "ready",
};
