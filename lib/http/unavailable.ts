// Shared by the server (API routes, pages) and the browser (the pages' outage state): no server-only.

/** How long a client waits before trying again while the database is unreachable (`Retry-After`). */
export const UNAVAILABLE_RETRY_SECONDS = 2;

/**
 * The digest of a page's error when the database is unreachable. Next.js keeps a thrown error's own
 * digest and hands it to the error boundaries, which show the outage state for it.
 */
export const UNAVAILABLE_DIGEST = "MEALSNAP_DATABASE_UNAVAILABLE";
