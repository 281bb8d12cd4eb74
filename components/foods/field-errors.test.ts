import { describe, expect, it } from "vitest";
import { ApiError } from "@/components/api";
import { fieldOf, serverFieldErrors } from "./field-errors";

describe("fieldOf", () => {
  it("names a label's value by its macro, per 100 g or per serving", () => {
    expect(fieldOf("per100g.kcal")).toBe("kcal");
    expect(fieldOf("perServing.fat")).toBe("fat");
    expect(fieldOf("perServing")).toBe("macros");
  });

  it("names an ingredient's problem by its row", () => {
    expect(fieldOf("ingredients.3.foodId")).toBe("ingredients.3");
    expect(fieldOf("ingredients.0.grams")).toBe("ingredients.0");
    expect(fieldOf("ingredients")).toBe("ingredients");
  });

  it("keeps a plain field", () => {
    expect(fieldOf("name")).toBe("name");
    expect(fieldOf("servingGrams")).toBe("servingGrams");
  });
});

describe("serverFieldErrors", () => {
  const refusal = new ApiError(400, "invalid_input", "Check the fields.", {
    fields: [
      { path: "perServing.kcal", message: "disagrees with the macros" },
      { path: "perServing.kcal", message: "second message" },
      { path: "ingredients.1.foodId", message: "unknown food" },
      { path: "", message: "something else" },
    ],
  });

  it("puts the first message of each shown field next to it and the rest in the alert", () => {
    const shown = new Set(["kcal", "ingredients.1"]);
    expect(serverFieldErrors(refusal, (field) => shown.has(field))).toEqual({
      fields: { kcal: "disagrees with the macros", "ingredients.1": "unknown food" },
      other: ["something else"],
    });
  });

  it("has nothing without a refusal", () => {
    expect(serverFieldErrors(null, () => true)).toEqual({ fields: {}, other: [] });
  });
});
