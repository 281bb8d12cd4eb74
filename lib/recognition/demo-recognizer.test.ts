import { describe, expect, it } from "vitest";
import { COMMON_FOODS } from "@/lib/foods/common-foods";
import { DemoRecognizer } from "./demo-recognizer";
import { RecognitionError } from "./types";

const photo = (seed: string) => ({
  bytes: new TextEncoder().encode(seed),
  mime: "image/jpeg",
  photoId: seed,
});
function expectRoundedFrom(actual: number, exact: number, halfStep: number) {
  expect(Math.abs(actual - exact)).toBeLessThanOrEqual(halfStep + 1e-9);
}

const seeds = Array.from({ length: 50 }, (_, i) => `photo-${i}`);

describe("DemoRecognizer", () => {
  const recognizer = new DemoRecognizer({ latencyMs: 0, failureRate: 0 });

  it("is named demo", () => {
    expect(recognizer.name).toBe("demo");
  });

  it("gives the same items for the same bytes", async () => {
    const first = await recognizer.recognize(photo("same"));
    const second = await new DemoRecognizer({ latencyMs: 0, failureRate: 0 }).recognize(photo("same"));
    expect(second).toEqual(first);
  });

  it("generally gives different items for different bytes", async () => {
    const results = await Promise.all(seeds.map((seed) => recognizer.recognize(photo(seed))));
    const distinct = new Set(results.map((items) => JSON.stringify(items)));
    expect(distinct.size).toBeGreaterThan(seeds.length * 0.9);
  });

  it("returns 1–4 distinct foods from the table with realistic portions and consistent macros, with their state, marked as examples", async () => {
    for (const seed of seeds) {
      const items = await recognizer.recognize(photo(seed));
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items.length).toBeLessThanOrEqual(4);
      expect(new Set(items.map((item) => item.name)).size).toBe(items.length);
      for (const item of items) {
        const food = COMMON_FOODS.find((entry) => entry.name === item.name);
        if (!food) throw new Error(`${item.name} is not in the food table`);
        const scale = item.grams / 100;
        expect(item.grams).toBeGreaterThanOrEqual(food.portion[0]);
        expect(item.grams).toBeLessThanOrEqual(food.portion[1]);
        // Within rounding: kcal to whole numbers, macros to one decimal.
        expectRoundedFrom(item.kcal, food.per100g.kcal * scale, 0.5);
        expectRoundedFrom(item.protein, food.per100g.protein * scale, 0.05);
        expectRoundedFrom(item.fat, food.per100g.fat * scale, 0.05);
        expectRoundedFrom(item.carbs, food.per100g.carbs * scale, 0.05);
        expect(item.confidence).toBeGreaterThan(0.5);
        expect(item.confidence).toBeLessThan(1);
        expect(item.example).toBe(true);
        expect(item.state).toBe(food.state);
      }
    }
  });

  it("always fails at failure rate 1, with a retriable demo_failure", async () => {
    const failing = new DemoRecognizer({ latencyMs: 0, failureRate: 1 });
    for (const seed of seeds.slice(0, 10)) {
      const error = await failing.recognize(photo(seed)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RecognitionError);
      expect(error).toMatchObject({ code: "demo_failure", retriable: true });
    }
  });

  it("fails a stable share of photos at a partial failure rate, the same photos every time", async () => {
    const halfFailing = new DemoRecognizer({ latencyMs: 0, failureRate: 0.5 });
    const outcome = (seed: string) =>
      halfFailing.recognize(photo(seed)).then(
        () => "ok",
        () => "failed",
      );
    const first = await Promise.all(seeds.map(outcome));
    const second = await Promise.all(seeds.map(outcome));
    expect(second).toEqual(first);
    const failures = first.filter((result) => result === "failed").length;
    expect(failures).toBeGreaterThan(seeds.length * 0.2);
    expect(failures).toBeLessThan(seeds.length * 0.8);
  });

  it("rejects with the abort reason when aborted during the latency", async () => {
    const slow = new DemoRecognizer({ latencyMs: 60_000, failureRate: 0 });
    const controller = new AbortController();
    const pending = slow.recognize(photo("slow"), { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects at once when the signal is already aborted", async () => {
    const reason = new Error("cancelled");
    await expect(recognizer.recognize(photo("x"), { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
  });

  it("refuses options out of range", () => {
    expect(() => new DemoRecognizer({ latencyMs: -1 })).toThrow(RangeError);
    expect(() => new DemoRecognizer({ failureRate: 1.5 })).toThrow(RangeError);
  });
});
