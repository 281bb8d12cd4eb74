import { expect, it } from "vitest";
import { getRecognizer } from "./index";

it("builds the demo recognizer by default, once", () => {
  const recognizer = getRecognizer();
  expect(recognizer.name).toBe("demo");
  expect(getRecognizer()).toBe(recognizer);
});
