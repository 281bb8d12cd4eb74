import "server-only";
import type { Macros } from "@/lib/meals/macros";

/**
 * Common foods for the demo recognizer, with energy (kcal) and macros (g) per 100 g as listed in
 * USDA FoodData Central, SR Legacy (https://fdc.nal.usda.gov), rounded to two decimals; the SR
 * description follows each entry. Portions are typical single servings in grams.
 */
export interface Food {
  name: string;
  per100g: Macros;
  /** Smallest and largest realistic serving, in grams. */
  portion: readonly [min: number, max: number];
}

function food(
  name: string,
  kcal: number,
  protein: number,
  fat: number,
  carbs: number,
  portion: readonly [number, number],
): Food {
  return { name, per100g: { kcal, protein, fat, carbs }, portion };
}

export const FOOD_TABLE: readonly Food[] = [
  // Fruit
  food("Apple", 52, 0.26, 0.17, 13.81, [120, 220]), // Apples, raw, with skin
  food("Banana", 89, 1.09, 0.33, 22.84, [90, 150]), // Bananas, raw
  food("Orange", 47, 0.94, 0.12, 11.75, [110, 200]), // Oranges, raw, all commercial varieties
  food("Strawberries", 32, 0.67, 0.3, 7.68, [80, 200]), // Strawberries, raw
  food("Grapes", 69, 0.72, 0.16, 18.1, [80, 160]), // Grapes, red or green, raw
  food("Blueberries", 57, 0.74, 0.33, 14.49, [50, 150]), // Blueberries, raw
  food("Watermelon", 30, 0.61, 0.15, 7.55, [150, 350]), // Watermelon, raw
  food("Mango", 60, 0.82, 0.38, 14.98, [100, 200]), // Mangos, raw
  food("Avocado", 160, 2, 14.66, 8.53, [50, 150]), // Avocados, raw, all commercial varieties
  // Vegetables
  food("Broccoli", 35, 2.38, 0.41, 7.18, [60, 160]), // Broccoli, cooked, boiled, drained, without salt
  food("Carrots", 41, 0.93, 0.24, 9.58, [50, 130]), // Carrots, raw
  food("Tomato", 18, 0.88, 0.2, 3.89, [60, 180]), // Tomatoes, red, ripe, raw, year round average
  food("Cucumber", 15, 0.65, 0.11, 3.63, [50, 150]), // Cucumber, with peel, raw
  food("Green salad", 15, 1.36, 0.15, 2.87, [30, 100]), // Lettuce, green leaf, raw
  food("Spinach", 23, 2.86, 0.39, 3.63, [30, 90]), // Spinach, raw
  food("Mushrooms", 22, 3.09, 0.34, 3.26, [40, 120]), // Mushrooms, white, raw
  food("Red bell pepper", 31, 0.99, 0.3, 6.03, [50, 150]), // Peppers, sweet, red, raw
  food("Sweet corn", 96, 3.41, 1.5, 20.98, [70, 160]), // Corn, sweet, yellow, cooked, boiled, drained, without salt
  food("Green peas", 78, 5.15, 0.27, 14.26, [60, 140]), // Peas, green, frozen, cooked, boiled, drained, without salt
  food("Baked potato", 93, 2.5, 0.13, 21.15, [150, 300]), // Potatoes, baked, flesh and skin, without salt
  food("Sweet potato", 90, 2.01, 0.15, 20.71, [120, 250]), // Sweet potato, cooked, baked in skin, flesh, without salt
  food("French fries", 312, 3.43, 14.73, 41.44, [70, 180]), // Fast foods, potato, french fried in vegetable oil
  // Grains and bakery
  food("White rice", 130, 2.69, 0.28, 28.17, [120, 250]), // Rice, white, long-grain, regular, enriched, cooked
  food("Pasta", 158, 5.8, 0.93, 30.86, [150, 300]), // Pasta, cooked, enriched, without added salt
  food("White bread", 266, 7.64, 3.29, 50.61, [25, 80]), // Bread, white, commercially prepared
  food("Oatmeal", 71, 2.54, 1.52, 12, [150, 300]), // Cereals, oats, regular and quick, cooked with water, without salt
  food("Quinoa", 120, 4.4, 1.92, 21.3, [100, 200]), // Quinoa, cooked
  food("Croissant", 406, 8.2, 21, 45.8, [40, 80]), // Croissants, butter
  food("Pancakes", 227, 6.4, 9.7, 28.3, [80, 200]), // Pancakes, plain, prepared from recipe
  food("Cheese pizza", 266, 11.39, 9.69, 33.33, [100, 320]), // Fast foods, pizza chain, 14" pizza, cheese topping, regular crust
  // Protein
  food("Boiled egg", 155, 12.58, 10.61, 1.12, [50, 110]), // Egg, whole, cooked, hard-boiled
  food("Fried egg", 196, 13.61, 14.84, 0.83, [45, 100]), // Egg, whole, cooked, fried
  food("Roast chicken breast", 165, 31.02, 3.57, 0, [100, 220]), // Chicken, broilers or fryers, breast, meat only, cooked, roasted
  food("Salmon fillet", 206, 22.1, 12.35, 0, [100, 200]), // Fish, salmon, Atlantic, farmed, cooked, dry heat
  food("Tuna", 116, 25.51, 0.82, 0, [60, 140]), // Fish, tuna, light, canned in water, drained solids
  food("Bacon", 541, 37.04, 41.78, 1.43, [15, 50]), // Pork, cured, bacon, cooked, pan-fried
  food("Lentils", 116, 9.02, 0.38, 20.13, [100, 220]), // Lentils, mature seeds, cooked, boiled, without salt
  food("Chickpeas", 164, 8.86, 2.59, 27.42, [80, 180]), // Chickpeas (garbanzo beans), mature seeds, cooked, boiled, without salt
  food("Hummus", 166, 7.9, 9.6, 14.29, [30, 90]), // Hummus, commercial
  // Dairy, nuts and sweets
  food("Greek yogurt", 59, 10.19, 0.39, 3.6, [150, 250]), // Yogurt, Greek, plain, nonfat
  food("Mozzarella", 300, 22.17, 22.35, 2.19, [30, 125]), // Cheese, mozzarella, whole milk
  food("Almonds", 579, 21.15, 49.93, 21.55, [20, 45]), // Nuts, almonds
  food("Dark chocolate", 598, 7.79, 42.63, 45.9, [15, 50]), // Chocolate, dark, 70-85% cacao solids
  food("Vanilla ice cream", 207, 3.5, 11, 23.6, [60, 150]), // Ice creams, vanilla
];
