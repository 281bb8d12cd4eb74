import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { countStatements, getDb } from "@/db/client";
import { foods } from "@/db/schema";
import { COMMON_FOODS } from "./common-foods";
import { matchRecognizedItems } from "./match-recognized-items";

const estimate = { kcal: 999, protein: 99, fat: 99, carbs: 99, confidence: 0.8 };

async function tableFood(name: string) {
  const [food] = await (await getDb()).select().from(foods).where(eq(foods.name, name));
  if (!food) throw new Error(`${name} is not in the table`);
  return food;
}

describe("matchRecognizedItems", () => {
  it("takes the nutrition of a confidently matched food for the recognised grams, and keeps its id", async () => {
    const [banana, cowMilk] = await matchRecognizedItems([
      { name: "Banana", grams: 120, ...estimate },
      { name: "cow milk", grams: 250, ...estimate },
    ]);
    const bananaRow = await tableFood("Banana");
    expect(banana).toEqual({
      name: "Banana",
      grams: 120,
      kcal: 107, // 89 kcal per 100 g
      protein: 1.3,
      fat: 0.4,
      carbs: 27.4,
      confidence: 0.8,
      foodId: bananaRow.id,
    });
    expect(cowMilk).toMatchObject({
      grams: 250,
      kcal: 182,
      foodId: (await tableFood("Milk, whole, Cow")).id,
    });
  });

  it("keeps the recognizer's estimate, without a food, when the name matches nothing closely", async () => {
    const items = [
      { name: "Beef burrito with guacamole", grams: 300, ...estimate },
      { name: "Tiramisu", grams: 120, ...estimate },
    ];
    expect(await matchRecognizedItems(items)).toEqual(items.map((item) => ({ ...item, foodId: null })));
  });

  it("matches every food the demo recognizer serves to a table food of that name", async () => {
    const db = await getDb();
    for (const common of COMMON_FOODS) {
      const [matched] = await matchRecognizedItems([{ name: common.name, grams: 100, ...estimate }]);
      const [food] = await db
        .select()
        .from(foods)
        .where(eq(foods.id, matched?.foodId ?? crypto.randomUUID()));
      expect(food?.name, common.name).toBe(common.name);
      expect(matched).toMatchObject({ kcal: Math.round(food?.kcal ?? -1) });
    }
  });
});

describe("matchRecognizedItems, names matched before", () => {
  it("answers them as the first time without a statement, and searches only the new names", async () => {
    const items = [
      { name: "Paneer tikka masala", grams: 200, ...estimate },
      { name: "Quinoa salad bowl", grams: 120, ...estimate },
    ];
    const first = await countStatements(() => matchRecognizedItems(items));
    expect(first.statements).toBeGreaterThan(0);
    const again = await countStatements(() => matchRecognizedItems(items));
    expect(again.result).toEqual(first.result);
    expect(again.statements).toBe(0);

    // Another wording of a known name is the same search; a new name is searched alone.
    const mixed = await countStatements(() =>
      matchRecognizedItems([
        { name: "paneer, TIKKA masala", grams: 200, ...estimate },
        { name: "Mango lassi", grams: 250, ...estimate },
      ]),
    );
    expect(mixed.result[0]).toEqual({ ...first.result[0], name: "paneer, TIKKA masala" });
    expect(mixed.statements).toBe(first.statements - 1);
  });
});
