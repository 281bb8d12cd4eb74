import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { isDatabaseUnavailable } from "@/db/unavailable";
import { noteDatabaseLost } from "@/lib/http/database-outage";
import { UNAVAILABLE_DIGEST } from "@/lib/http/unavailable";
import { logger } from "@/lib/logger";

/**
 * Throws, when `error` means the database is unreachable, the error the pages' boundaries show
 * as "temporarily unavailable" (recognised by its digest); returns otherwise.
 */
export function throwIfUnavailable(error: unknown): void {
  if (!isDatabaseUnavailable(error)) return;
  noteDatabaseLost();
  logger.error({ err: error }, "Database unavailable");
  throw Object.assign(new Error("The database is unavailable"), { digest: UNAVAILABLE_DIGEST });
}

/** A page's read that fails as `throwIfUnavailable` says when the database is unreachable. */
export async function readingPage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throwIfUnavailable(error);
    throw error;
  }
}

/** A prefetch keeps its failure in the query; a lost database fails the page instead. */
export function throwIfPrefetchUnavailable(queryClient: QueryClient): void {
  for (const query of queryClient.getQueryCache().getAll()) throwIfUnavailable(query.state.error);
}
