/** `execute` answers an array (postgres.js) or `{ rows }` (PGlite): one reader for both drivers. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}
