import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";

/**
 * Folds the photo counters of database backends that are gone into shard 0, in one statement, so
 * meal_photo_counts keeps about one row per status and code per live connection. Run by the
 * sweeper. A recycled pid that writes meanwhile waits for the delete, then starts a fresh row.
 */
export async function compactPhotoCounts(): Promise<number> {
  const db = await getDb();
  const [folded] = rowsOf<{ rows: number }>(
    await db.execute(sql`
      with gone as (
        delete from meal_photo_counts
        where shard <> 0 and shard not in (select pid from pg_stat_activity where pid is not null)
        returning status, error_code, photos),
      folded as (
        insert into meal_photo_counts as c (status, error_code, shard, photos)
        select status, error_code, 0, sum(photos) from gone group by 1, 2 order by 1, 2
        on conflict (status, error_code, shard) do update set photos = c.photos + excluded.photos
        returning 1)
      select (select count(*) from gone)::int as rows`),
  );
  return folded?.rows ?? 0;
}
