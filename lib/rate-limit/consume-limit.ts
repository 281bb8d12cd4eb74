import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { AppError } from "@/lib/http/errors";
import { observeRateLimitRefusal } from "@/lib/metrics/observe";

/**
 * Counts one request against `key` in a fixed window (a minute unless given) and refuses (429 with
 * the seconds until the window ends) once `max` is passed. One statement, in Postgres, so the
 * limit holds across every app instance. `max` 0 means no limit.
 */
export async function consumeLimit(key: string, max: number, windowSeconds = 60): Promise<void> {
  if (max <= 0) return;
  const db = await getDb();
  const [row] = rowsOf<{ count: number; retry_after: number }>(
    await db.execute(sql`
      insert into request_limits as l (key, window_start, count) values (${key}, now(), 1)
      on conflict (key) do update set
        count = case when l.window_start <= now() - make_interval(secs => ${windowSeconds}) then 1 else l.count + 1 end,
        window_start = case when l.window_start <= now() - make_interval(secs => ${windowSeconds}) then now() else l.window_start end
      returning count,
        greatest(1, ceil(extract(epoch from (window_start + make_interval(secs => ${windowSeconds}) - now()))))::int as retry_after`),
  );
  if (row && row.count > max) {
    observeRateLimitRefusal(key);
    throw new AppError("rate_limited", `Too many requests; try again in ${row.retry_after} s`, {
      retryAfterSeconds: row.retry_after,
    });
  }
}
