// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import { createElement as h } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { ESTIMATE_MEANING, ItemList } from "./item-list";

afterEach(cleanup);

const macros = { grams: 120, kcal: 107, protein: 1.3, fat: 0.4, carbs: 27.4 };

describe("ItemList", () => {
  it("marks a recognised item with no food of the table as estimated, and no other", () => {
    render(
      h(ItemList, {
        label: "Food",
        items: [
          {
            id: "1",
            name: "Banana",
            source: "ai",
            foodId: "a7d6c3c4-6f43-4bb4-9d6a-4f3c2e1d0b9a",
            ...macros,
          },
          { id: "2", name: "Tiramisu", source: "ai", foodId: null, ...macros },
          { id: "3", name: "Homemade soup", source: "manual", foodId: null, ...macros },
        ],
      }),
    );
    const rows = within(screen.getByRole("list", { name: "Food" })).getAllByRole("listitem");
    expect(rows.map((row) => within(row).queryByText(ESTIMATE_MEANING) !== null)).toEqual([
      false,
      true,
      false,
    ]);
  });

  it("marks an example item (the demo recognizer's) as made up, for the eye and for screen readers", () => {
    render(
      h(ItemList, {
        label: "Food",
        items: [
          { id: "1", name: "Croissant", source: "ai", foodId: "f", example: true, ...macros },
          { id: "2", name: "Idli", source: "ai", foodId: null, example: false, ...macros },
        ],
      }),
    );
    const [croissant, idli] = within(screen.getByRole("list", { name: "Food" })).getAllByRole("listitem");
    expect(croissant).toHaveProperty(
      "textContent",
      expect.stringContaining("example, made up by the demo recognizer, not recognised from your photo"),
    );
    expect(idli?.textContent).not.toContain("example");
  });
});
