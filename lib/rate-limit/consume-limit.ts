import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { AppError } from "@/lib/http/errors";

const WINDOW_SECONDS = 60;

/**
 * Counts one request against `key` in a fixed one-minute window and refuses (429 with the
 * seconds until the window ends) once `perMinute` is passed. One statement, in Postgres, so the
 * limit holds across every app instance. `perMinute` 0 means no limit.
 */
export async function consumeLimit(key: string, perMinute: number): Promise<void> {
  if (perMinute <= 0) return;
  const db = await getDb();
  const [row] = rowsOf<{ count: number; retry_after: number }>(
    await db.execute(sql`
      insert into request_limits as l (key, window_start, count) values (${key}, now(), 1)
      on conflict (key) do update set
        count = case when l.window_start <= now() - make_interval(secs => ${WINDOW_SECONDS}) then 1 else l.count + 1 end,
        window_start = case when l.window_start <= now() - make_interval(secs => ${WINDOW_SECONDS}) then now() else l.window_start end
      returning count,
        greatest(1, ceil(extract(epoch from (window_start + make_interval(secs => ${WINDOW_SECONDS}) - now()))))::int as retry_after`),
  );
  if (row && row.count > perMinute) {
    throw new AppError("rate_limited", `Too many requests; try again in ${row.retry_after} s`, {
      retryAfterSeconds: row.retry_after,
    });
  }
}
