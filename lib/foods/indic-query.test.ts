import { describe, expect, it } from "vitest";
import { latinSpellings } from "./indic-query";

describe("latinSpellings", () => {
  it("spells a Devanagari word as the table's Latin local names do", () => {
    expect(latinSpellings("पालक")).toEqual(["palak"]);
    expect(latinSpellings("आलू")).toEqual(["alu", "aloo"]);
    expect(latinSpellings("दाल")).toEqual(["dal"]);
    expect(latinSpellings("चावल")).toEqual(["chaval", "chawal"]);
    expect(latinSpellings("पनीर")).toEqual(["panir", "paneer"]);
    expect(latinSpellings("अरहर दाल")).toEqual(["arhar dal", "arahar dal"]);
    expect(latinSpellings("राजमा")).toEqual(["rajma", "rajama"]);
  });

  it("reads the other scripts the table's names come from", () => {
    expect(latinSpellings("ಹಾಲು")).toEqual(["halu"]); // Kannada
    expect(latinSpellings("পালং")).toEqual(["palan"]); // Bengali
  });

  it("answers nothing for Latin text, or Tamil, whose script it would have to guess", () => {
    expect(latinSpellings("palak")).toEqual([]);
    expect(latinSpellings("பால்")).toEqual([]);
  });

  it("searches a handful of spellings at most", () => {
    expect(latinSpellings("दूध दही घी चीनी जीरा").length).toBeLessThanOrEqual(8);
  });
});
