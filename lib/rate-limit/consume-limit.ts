import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { AppError } from "@/lib/http/errors";
import { observeRateLimitRefusal } from "@/lib/metrics/observe";

export interface Limit {
  key: string;
  /** Requests allowed per window; 0 means no limit. */
  max: number;
  windowSeconds?: number;
}

/** What counting one request reports: the window's count so far and the seconds until it ends. */
export interface LimitCount {
  count: number;
  retry_after: number;
}

/**
 * The statement that counts one request against `limit.key` in a fixed window and returns a
 * LimitCount: on its own (consumeLimit), or as a CTE of a caller's first statement.
 */
export function countRequestSql({ key, windowSeconds = 60 }: Limit): SQL {
  return sql`
      insert into request_limits as l (key, window_start, count) values (${key}, now(), 1)
      on conflict (key) do update set
        count = case when l.window_start <= now() - make_interval(secs => ${windowSeconds}) then 1 else l.count + 1 end,
        window_start = case when l.window_start <= now() - make_interval(secs => ${windowSeconds}) then now() else l.window_start end
      returning count,
        greatest(1, ceil(extract(epoch from (window_start + make_interval(secs => ${windowSeconds}) - now()))))::int as retry_after`;
}

export function isOverLimit(limit: Limit, counted: LimitCount | null | undefined): counted is LimitCount {
  return limit.max > 0 && Boolean(counted) && (counted?.count ?? 0) > limit.max;
}

/** The 429 for a request counted past the limit. */
export function rateLimited(limit: Limit, counted: LimitCount): AppError {
  observeRateLimitRefusal(limit.key);
  return new AppError("rate_limited", `Too many requests; try again in ${counted.retry_after} s`, {
    retryAfterSeconds: counted.retry_after,
  });
}

/**
 * Counts one request against `key` in a fixed window (a minute unless given) and refuses (429 with
 * the seconds until the window ends) once `max` is passed. One statement, in Postgres, so the
 * limit holds across every app instance. `max` 0 means no limit.
 */
export async function consumeLimit(key: string, max: number, windowSeconds = 60): Promise<void> {
  if (max <= 0) return;
  const limit = { key, max, windowSeconds };
  const db = await getDb();
  const [row] = rowsOf<LimitCount>(await db.execute(countRequestSql(limit)));
  if (isOverLimit(limit, row)) throw rateLimited(limit, row);
}

/**
 * Runs `fn`, which counts the request in its own transaction when it commits; when `fn` throws,
 * that count went back with it, so the request is counted here: refused and failed requests count
 * too.
 */
export async function countIfFailed<T>(limit: Limit, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    await consumeLimit(limit.key, limit.max, limit.windowSeconds);
    throw error;
  }
}
