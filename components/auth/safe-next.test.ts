import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext: where to go after signing in", () => {
  it.each([
    ["/meals/1?date=2026-05-01#items", "/meals/1?date=2026-05-01#items"],
    ["/a/../diary", "/diary"],
    // Non-ASCII text is percent-encoded, so it can be a Location header.
    ["/%E3%80%80/x", "/%E3%80%80/x"],
    ["/\u3000/x", "/%E3%80%80/x"],
  ])("keeps the same-origin path %j as %j", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it.each([
    "//evil.example/phish",
    "/\\evil.example",
    "/.//evil.example/phish",
    "/..//evil.example/phish",
    "/%2e%2e//evil.example",
    "/\t/evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "diary",
    "",
  ])("sends %j to the diary", (next) => {
    expect(safeNext(next)).toBe("/diary");
  });

  it("reads the first of repeated parameters, and falls back when there is none", () => {
    expect(safeNext(["/goals", "//evil.example"])).toBe("/goals");
    expect(safeNext(undefined)).toBe("/diary");
  });
});
