/** True when the text holds a control character (tab, newline…), which URL parsers strip. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Where to go after signing in: the `next` parameter only when it is a path on this site
 * (one leading slash, no scheme, no protocol-relative `//host` or `/\host`), else the diary.
 */
export function safeNext(next: string | string[] | null | undefined, fallback = "/diary"): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Control characters are stripped by URL parsers and could hide a `//`.
  if (hasControlCharacter(value)) return fallback;
  return value;
}
