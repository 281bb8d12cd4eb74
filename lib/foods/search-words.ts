import "server-only";

const MAX_WORDS = 8;

/** The words of a search, lower-cased; punctuation and word order do not matter. */
export function searchWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_WORDS);
}
