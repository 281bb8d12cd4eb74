import type { PgTransactionConfig } from "drizzle-orm/pg-core";
import { logger } from "@/lib/logger";
import { type Db, getDb } from "./client";

/** The driver's error code, looking through the wrappers (Drizzle, Better Auth) into `cause`. */
export function databaseErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

// Postgres aborts one of two transactions that met: a deadlock (40P01) or a serialization
// failure (40001). Nothing of the aborted one was written, so running it again is safe.
const TRANSIENT_CONFLICT_CODES = new Set(["40P01", "40001"]);

export function isTransientConflict(error: unknown): boolean {
  const code = databaseErrorCode(error);
  return code !== undefined && TRANSIENT_CONFLICT_CODES.has(code);
}

/** How many times a transaction runs before its transient conflict reaches the caller (409). */
export const TRANSACTION_ATTEMPTS = 4;

/**
 * Runs `fn` again (a bounded number of times, after a short random pause) when Postgres aborted
 * it for a deadlock or a serialization failure. `fn` must be one transaction or one statement
 * (its own transaction) that only touches the database (and logs): nothing of an aborted run was
 * written.
 */
export async function retryingTransientConflicts<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= TRANSACTION_ATTEMPTS || !isTransientConflict(error)) throw error;
      logger.warn(
        { code: databaseErrorCode(error), attempt },
        "Transaction aborted by a concurrent one, retrying",
      );
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** Runs `fn` in one transaction, retried as `retryingTransientConflicts` says. */
export async function transaction<T>(fn: (tx: Db) => Promise<T>, config?: PgTransactionConfig): Promise<T> {
  const db = await getDb();
  return retryingTransientConflicts(() => db.transaction(fn, config));
}
