import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rankFoods } from "./rank-foods";

// On the real table, as migrated: PGlite by default, Postgres with TEST_POSTGRES_URL.
async function names(query: string, limit = 5): Promise<string[]> {
  return (await rankFoods(await getDb(), query, limit)).map((food) => food.name);
}

describe("rankFoods on the food table", () => {
  it("puts the exact name first, then the names that contain it", async () => {
    expect(await names("banana")).toEqual([
      "Banana",
      "Banana, ripe, red",
      expect.stringMatching(/^Banana, ripe/),
      expect.stringMatching(/^Banana, ripe/),
      expect.stringMatching(/^Banana, ripe/),
    ]);
    expect((await names("apple"))[0]).toBe("Apple");
  });

  it("tolerates typos", async () => {
    expect((await names("bananna"))[0]).toBe("Banana");
    expect((await names("aple"))[0]).toBe("Apple");
    expect((await names("chiken brest"))[0]).toBe("Roast chicken breast");
    expect((await names("greek yoghurt"))[0]).toBe("Greek yogurt");
  });

  it("ignores word order and punctuation", async () => {
    expect((await names("cow milk"))[0]).toBe("Milk, whole, Cow");
    expect((await names("milk, cow"))[0]).toBe("Milk, whole, Cow");
    expect((await names("brown rice"))[0]).toBe("Rice, raw, brown");
  });

  it("finds IFCT foods by the words of their names", async () => {
    const dal = await names("dal", 10);
    expect(dal).toEqual(expect.arrayContaining(["Lentil dal", "Red gram, dal", "Bengal gram, dal"]));
  });

  it("answers nothing when no word is close to any food, and honours the limit", async () => {
    expect(await names("xyzzyqwv")).toEqual([]);
    expect(await names("")).toEqual([]);
    expect(await names("rice", 3)).toHaveLength(3);
  });

  it("scores in 0..1, best first", async () => {
    const ranked = await rankFoods(await getDb(), "boiled egg", 10);
    expect(ranked[0]).toMatchObject({ name: "Boiled egg", score: 1 });
    const scores = ranked.map((food) => food.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const food of ranked) expect(food.nameSimilarity).toBeLessThanOrEqual(1);
  });
});
