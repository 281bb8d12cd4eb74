/** A base that no real request has: a `next` that resolves to any other origin is foreign. */
const PROBE_ORIGIN = "http://mealsnap.invalid";

/**
 * Where to go after signing in: the `next` parameter only when it resolves to a path on this
 * site, else the diary. The answer is rebuilt from the parsed URL, so it is always a
 * percent-encoded same-origin path (`//host`, `/\host`, `/.//host`, control characters and
 * non-ASCII text cannot make it leave the site or break the Location header).
 */
export function safeNext(next: string | string[] | null | undefined, fallback = "/diary"): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value?.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that still starts with `//` would be protocol-relative once it is a Location header.
  return path.startsWith("//") ? fallback : path;
}
