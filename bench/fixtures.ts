import type { Sql } from "postgres";

/**
 * `count` meals of `userId` on `date`, each with `photos` PENDING photos: photos in flight as far
 * as the database is concerned (no recognition run was queued for them).
 */
export async function createInFlightMeals(
  sql: Sql,
  userId: string,
  count: number,
  options: { photos: number; date: string },
): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    with created as (
      insert into meals (user_id, date, meal_type, status, client_request_id)
      select ${userId}, ${options.date}::date, 'lunch', 'PROCESSING', gen_random_uuid()
      from generate_series(1, ${count}::int)
      returning id
    ), photos as (
      insert into meal_photos (meal_id, user_id, status, client_upload_id, storage_key, mime, bytes, width, height, sha256)
      select c.id, ${userId}, 'PENDING', gen_random_uuid(), 'photos/bench/seed.jpg', 'image/jpeg', 1, 640, 480, ''
      from created c cross join generate_series(1, ${options.photos}::int)
    )
    select id from created`;
  return rows.map((row) => row.id);
}

/** `count` new, empty meals of `userId` (as POST /api/meals leaves them: PROCESSING, no photo). */
export async function createEmptyMeals(sql: Sql, userId: string, count: number): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    insert into meals (user_id, date, meal_type, status, client_request_id)
    select ${userId}, current_date, 'snack', 'PROCESSING', gen_random_uuid()
    from generate_series(1, ${count}::int)
    returning id`;
  return rows.map((row) => row.id);
}

/** Waits until none of the user's photos is PENDING or PROCESSING (their recognition runs ended). */
export async function waitForPhotosToSettle(sql: Sql, userId: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await sql<{ inFlight: number }[]>`
      select count(*)::int "inFlight" from meal_photos
      where user_id = ${userId} and status in ('PENDING', 'PROCESSING')`;
    if (!row?.inFlight) return;
    if (Date.now() > deadline)
      throw new Error(`${row.inFlight} photo(s) still in flight after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
