import "server-only";
import Sanscript from "@indic-transliteration/sanscript";

/**
 * The Indic scripts a typed word may be in, by Unicode block, and their Sanscript scheme. Tamil is
 * left out: its script does not write voicing or aspiration (ப is pa, ba or bha), so a
 * transliteration guesses (பால், "milk", comes out bhāl).
 */
const SCRIPTS: readonly [RegExp, string][] = [
  [/[\u0900-\u097F]/u, "devanagari"],
  [/[\u0980-\u09FF]/u, "bengali"],
  [/[\u0A00-\u0A7F]/u, "gurmukhi"],
  [/[\u0A80-\u0AFF]/u, "gujarati"],
  [/[\u0B00-\u0B7F]/u, "oriya"],
  [/[\u0C00-\u0C7F]/u, "telugu"],
  [/[\u0C80-\u0CFF]/u, "kannada"],
  [/[\u0D00-\u0D7F]/u, "malayalam"],
];

/** At most this many Latin spellings of one query are searched. */
const MAX_SPELLINGS = 8;

/**
 * IAST letters as IFCT 2017's local names write them, in plain Latin: the first spelling is the
 * plain one ("dahi"), the others the common English ones ("dahee", "aloo", "chawal").
 */
const LATIN: readonly [RegExp, readonly string[]][] = [
  [/ī/g, ["i", "ee"]],
  [/ū/g, ["u", "oo"]],
  [/v/g, ["v", "w"]],
  [/c(?!h)/g, ["ch"]],
  [/[śṣ]/g, ["sh"]],
  [/ṛ/g, ["ri"]],
  [/[ṃṁṅñṇ]/g, ["n"]],
];

/**
 * The Latin spellings a query typed in an Indic script may have in the food table's local names
 * (IFCT 2017 gives them in Latin script: Palak, Aloo, Arhar dal), best guess first; [] when the
 * query has no Indic letter. Transliterated to IAST by Sanscript, then: a word's final inherent
 * `a` is dropped, as Hindi and most languages of the table say it (पालक, pālaka, is "palak"), and
 * a medial one is tried both ways; the other diacritics become plain letters, and long vowels and
 * v are spelt both ways.
 */
export function latinSpellings(query: string): string[] {
  const script = SCRIPTS.find(([letters]) => letters.test(query))?.[1];
  if (!script) return [];
  const iast = Sanscript.t(query, script, "iast")
    .normalize("NFC")
    .toLowerCase()
    .replace(/(\p{L}{2,}?[^aāiīuūeoṛ\s])a(?=\s|$)/gu, "$1");
  // Hindi also drops an inherent a between two consonants after a vowel, before a vowel:
  // अरहर, arahar, is "arhar"; राजमा, rājamā, "rajma".
  const shortened = iast.replace(/([aāiīuūeo][^aāiīuūeoṛ\s])a(?=[^aāiīuūeoṛ\s][aāiīuūeo])/gu, "$1");
  let spellings = [shortened, iast];
  for (const [letter, latin] of LATIN) {
    spellings = spellings.flatMap((spelling) =>
      letter.test(spelling) ? latin.map((plain) => spelling.replace(letter, plain)) : [spelling],
    );
    letter.lastIndex = 0;
  }
  const plain = spellings.map((spelling) =>
    spelling
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/[^\p{L}\p{N}\s]/gu, " ")
      .trim(),
  );
  return [...new Set(plain)].filter(Boolean).slice(0, MAX_SPELLINGS);
}
