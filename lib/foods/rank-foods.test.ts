import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { foods, users } from "@/db/schema";
import { MIN_SCORE, rankFoods } from "./rank-foods";

// On the real table, as migrated: PGlite by default, Postgres with TEST_POSTGRES_URL.
async function names(query: string, limit = 5): Promise<string[]> {
  return (await rankFoods(await getDb(), query, limit, { userId: null })).map((food) => food.name);
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
    expect((await names("brown rice"))[0]).toBe("Brown rice, cooked");
    expect((await names("rice, brown"))[0]).toBe("Brown rice, cooked");
  });

  it("finds IFCT foods by the words of their names", async () => {
    const dal = await names("dal", 10);
    expect(dal).toEqual(expect.arrayContaining(["Lentil dal", "Red gram, dal", "Bengal gram, dal"]));
  });

  it("puts a whole word of the common name before a food that only shares letters with it", async () => {
    expect((await names("milk", 2)).sort()).toEqual(["Milk, whole, Buffalo", "Milk, whole, Cow"]);
    expect((await names("chick"))[0]).toMatch(/^Chick/); // the start of a word, while typing
  });

  it("finds a food by one of its local names, and says which", async () => {
    const [potato] = await rankFoods(await getDb(), "aloo", 1, { userId: null });
    expect(potato).toMatchObject({ name: expect.stringMatching(/^Potato/), localName: "Aloo", score: 1 });
    const [milk] = await rankFoods(await getDb(), "Gai ka doodh", 1, { userId: null });
    expect(milk).toMatchObject({ sourceId: "L002", localName: "Gai ka doodh" });
    // Found by its own name: no local name to show.
    expect((await rankFoods(await getDb(), "paneer", 1, { userId: null }))[0]).toMatchObject({
      name: "Paneer",
      localName: null,
    });
    // A local name counts whole: "dosa" is not Telugu's "Dosa kaya" (cucumber).
    expect(await names("dosa")).toEqual([]);
  });

  it("puts a cooked food before a raw or ready one of the same score", async () => {
    const rice = await rankFoods(await getDb(), "rice", 10, { userId: null });
    expect(rice.slice(0, 3).map((food) => food.state)).toEqual(["cooked", "cooked", "cooked"]);
    expect(rice[0]).toMatchObject({ name: "Rice, white, cooked", score: 1 });
    // Rice bran oil (ready) and raw rice score as much, after them.
    expect(rice.map((food) => food.name)).toEqual(
      expect.arrayContaining(["Rice bran oil", "Rice, raw, milled"]),
    );
    // Found by a local name it shares with the dry dal: cooked pigeon peas first.
    expect((await names("arhar dal", 2)).slice(0, 2)).toEqual([
      "Pigeon peas (red gram, toor), boiled",
      "Red gram, dal",
    ]);
    // A better match still wins: raw egg is raw.
    expect((await names("egg raw"))[0]).toMatch(/^Egg, .*raw$/);
  });

  it("leaves out matches below the quality threshold", async () => {
    expect(await names("roti")).toEqual([]); // Rohu, Beet root: a few shared letters
    const ranked = await rankFoods(await getDb(), "cow milk", 50, { userId: null });
    expect(ranked.length).toBeGreaterThan(1);
    for (const food of ranked) expect(food.score).toBeGreaterThanOrEqual(MIN_SCORE);
  });

  it("answers nothing when no word is close to any food, and honours the limit", async () => {
    expect(await names("xyzzyqwv")).toEqual([]);
    expect(await names("")).toEqual([]);
    expect(await names("rice", 3)).toHaveLength(3);
  });

  it("scores in 0..1, best first", async () => {
    const ranked = await rankFoods(await getDb(), "boiled egg", 10, { userId: null });
    expect(ranked[0]).toMatchObject({ name: "Egg, hard-boiled", score: 1 });
    const scores = ranked.map((food) => food.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const food of ranked) expect(food.nameSimilarity).toBeLessThanOrEqual(1);
  });
});

describe("rankFoods with users' own foods", () => {
  async function ownFood(state: "raw" | "cooked" | "ready") {
    const db = await getDb();
    const userId = randomUUID();
    await db.insert(users).values({ id: userId, name: "Owner", email: `${userId}@example.com` });
    const id = randomUUID();
    // Values copied from the table's banana: only the name and the owner matter here.
    const [banana] = await rankFoods(db, "banana", 1, { userId: null });
    if (!banana) throw new Error("no banana in the table");
    const { kcal, protein, fat, carbs } = banana;
    await db.insert(foods).values({
      id,
      source: "user",
      sourceId: id,
      ownerId: userId,
      name: "Banana test cake",
      foodGroup: "Your recipes",
      state,
      kcal,
      protein,
      fat,
      carbs,
    });
    return { userId, id };
  }

  it("answers the owner's own food first, and nobody else's", async () => {
    const db = await getDb();
    const { userId, id } = await ownFood("cooked");
    const other = await ownFood("cooked");
    const ranked = await rankFoods(db, "banana", 10, { userId });
    expect(ranked[0]?.id).toBe(id);
    expect(ranked.map((food) => food.id)).not.toContain(other.id);
    expect(ranked.slice(1).every((food) => food.ownerId === null)).toBe(true);
    expect((await rankFoods(db, "banana", 50, { userId: null })).some((food) => food.ownerId !== null)).toBe(
      false,
    );
  });

  it("keeps only the states asked for", async () => {
    const db = await getDb();
    const { userId, id } = await ownFood("cooked");
    const cooked = await rankFoods(db, "banana", 50, { userId, states: ["cooked"] });
    expect(cooked.map((food) => food.id)).toContain(id);
    expect(cooked.every((food) => food.state === "cooked")).toBe(true);
    const raw = await rankFoods(db, "banana", 50, { userId, states: ["raw", "ready"] });
    expect(raw.map((food) => food.id)).not.toContain(id);
    expect(raw.every((food) => food.state !== "cooked")).toBe(true);
    expect(await rankFoods(db, "banana", 50, { userId, states: [] })).toEqual([]);
  });
});
