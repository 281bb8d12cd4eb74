import { describe, expect, it } from "vitest";
import { scaleItem } from "./diary-mutations";
import { readAmount } from "./read-amount";

describe("scaleItem", () => {
  it("scales every macro with the grams, to one decimal like the server", () => {
    const rice = { grams: 200, kcal: 260, protein: 5.4, fat: 0.6, carbs: 56.3 };
    expect(scaleItem(rice, 150)).toEqual({ grams: 150, kcal: 195, protein: 4.1, fat: 0.5, carbs: 42.2 });
  });

  it("keeps the macros of an item that had no weight", () => {
    expect(scaleItem({ grams: 0, kcal: 10, protein: 1, fat: 1, carbs: 1 }, 50)).toMatchObject({
      grams: 50,
      kcal: 10,
    });
  });
});

describe("readAmount", () => {
  it.each([
    ["120", { value: 120, error: null }],
    ["12,5", { value: 12.5, error: null }],
    ["", { value: null, error: "Enter a number." }],
    ["-1", { value: null, error: "Enter 0 to 5,000." }],
    ["9000", { value: null, error: "Enter 0 to 5,000." }],
  ])("%s", (raw, expected) => {
    expect(readAmount(raw, { max: 5000 })).toEqual(expected);
  });

  it("asks for whole numbers where the API wants integers", () => {
    expect(readAmount("1.5", { max: 10, integer: true }).error).toBe("Enter a whole number.");
  });
});
