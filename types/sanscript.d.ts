declare module "@indic-transliteration/sanscript" {
  /** Transliterates `text` from one scheme (a script or a romanisation, e.g. "devanagari", "iast") to another. */
  function t(text: string, from: string, to: string): string;
  const Sanscript: { t: typeof t };
  export default Sanscript;
}
