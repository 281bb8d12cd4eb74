import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { mealPhotoCounts, mealPhotos, meals } from "@/db/schema";
import { signUp, type TestUser } from "@/test/app-client";
import { seedMeal, seedPhoto } from "@/test/seed";
import { compactPhotoCounts } from "./compact-photo-counts";

let user: TestUser;

beforeAll(async () => {
  user = await signUp("Photo counts");
});

type Counts = Record<string, number>;

/** What the rollup says, by `STATUS` or `FAILED:code`, zero counts left out. */
async function rollup(): Promise<Counts> {
  const db = await getDb();
  const rows = rowsOf<{ key: string; photos: number }>(
    await db.execute(sql`select case when status = 'FAILED' then 'FAILED:' || error_code else status::text end
      as key, sum(photos)::int as photos from meal_photo_counts group by 1 having sum(photos) <> 0`),
  );
  return Object.fromEntries(rows.map((row) => [row.key, row.photos]));
}

/** The same, counted over every photo: what the scrape used to do. */
async function counted(): Promise<Counts> {
  const db = await getDb();
  const rows = rowsOf<{ key: string; photos: number }>(
    await db.execute(sql`select case when status = 'FAILED' then 'FAILED:' || coalesce(error_code, 'unknown')
      else status::text end as key, count(*)::int as photos from meal_photos group by 1`),
  );
  return Object.fromEntries(rows.map((row) => [row.key, row.photos]));
}

describe("meal_photo_counts", () => {
  it("agrees with a count over every photo through inserts, transitions, heartbeats, failures and deletes", async () => {
    const db = await getDb();
    const meal = await seedMeal(user.id, { date: "2026-11-20" });
    const other = await seedMeal(user.id, { date: "2026-11-21" });
    const photos = await Promise.all([
      seedPhoto(user.id, meal.id, "PENDING"),
      seedPhoto(user.id, meal.id, "PENDING"),
      seedPhoto(user.id, meal.id, "PROCESSING"),
      seedPhoto(user.id, other.id, "SUCCESS"),
      seedPhoto(user.id, other.id, "PENDING"),
    ]);
    expect(await rollup()).toEqual(await counted());
    const [a, b, c] = photos.map((photo) => photo.id);
    if (!a || !b || !c) throw new Error("photos not seeded");

    // A heartbeat moves no count and writes nothing.
    const before = await db.select().from(mealPhotoCounts);
    await db
      .update(mealPhotos)
      .set({ heartbeatAt: new Date() })
      .where(inArray(mealPhotos.id, [a, b, c]));
    expect(await db.select().from(mealPhotoCounts)).toEqual(before);

    await db.update(mealPhotos).set({ status: "PROCESSING" }).where(eq(mealPhotos.id, a));
    await db
      .update(mealPhotos)
      .set({ status: "FAILED", errorCode: "provider_unavailable" })
      .where(inArray(mealPhotos.id, [a, b]));
    await db.update(mealPhotos).set({ status: "FAILED", errorCode: null }).where(eq(mealPhotos.id, c));
    expect(await rollup()).toEqual(await counted());
    // A retry: FAILED back to PENDING, its code cleared.
    await db.update(mealPhotos).set({ status: "PENDING", errorCode: null }).where(eq(mealPhotos.id, b));
    expect(await rollup()).toEqual(await counted());
    // Deleting a meal takes its photos (cascade).
    await db.delete(meals).where(eq(meals.id, other.id));
    expect(await rollup()).toEqual(await counted());
  });

  it("folds the counters of closed connections into shard 0 without changing a total", async () => {
    const db = await getDb();
    const meal = await seedMeal(user.id, { date: "2026-11-22" });
    await seedPhoto(user.id, meal.id, "SUCCESS");
    // Rows of a backend that no longer exists (no pid is that high).
    await db.insert(mealPhotoCounts).values([
      { status: "SUCCESS", errorCode: "", shard: 2_000_000_000, photos: 3 },
      { status: "SUCCESS", errorCode: "", shard: 0, photos: -3 },
    ]);
    const totals = await rollup();
    expect(await compactPhotoCounts()).toBeGreaterThanOrEqual(1);
    expect(await rollup()).toEqual(totals);
    expect(await db.select().from(mealPhotoCounts).where(eq(mealPhotoCounts.shard, 2_000_000_000))).toEqual(
      [],
    );
    expect(await rollup()).toEqual(await counted());
  });
});
