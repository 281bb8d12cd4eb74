import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "@/db/client";
import { USDA_SR24_FOODS } from "./usda-sr24";

/** The migrations before the SR24 one, in a folder of their own (its number is reconciled at merges). */
function migrationsBeforeSr24(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), "mealsnap-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const sr24 = journal.entries.findIndex((entry) => entry.tag.endsWith("_food_table_sr24"));
  expect(sr24).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, sr24) }));
  return folder;
}

describe("the SR24 migration on a table loaded before it", () => {
  it("turns the SR Legacy rows into SR24's in place: their ids stay, so logged items keep their food", async () => {
    const client = new PGlite({ extensions: { pg_trgm } });
    const db = drizzle(client);
    await migrate(db, { migrationsFolder: migrationsBeforeSr24() });
    const rowsOf = async (where: string) =>
      (
        await client.query<{ id: string; source: string; source_id: string; kcal: number; state: string }>(
          `select id, source, source_id, kcal, state from foods where ${where}`,
        )
      ).rows;
    const [bacon] = await rowsOf(
      `source = 'usda_sr_legacy' and source_id = 'Pork, cured, bacon, cooked, pan-fried'`,
    );
    const [yogurt] = await rowsOf(`source = 'usda_sr_legacy' and source_id = 'Yogurt, Greek, plain, nonfat'`);
    expect(bacon).toMatchObject({ kcal: 541, state: "raw" }); // SR Legacy's value, the column's default state
    const before = (await rowsOf("true")).length;

    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    // SR24 10862 gives 533 kcal.
    expect(await rowsOf(`id = '${bacon?.id}'`)).toEqual([
      { id: bacon?.id, source: "usda_sr24", source_id: "10862", kcal: 533, state: "cooked" },
    ]);
    expect(await rowsOf(`id = '${yogurt?.id}'`)).toEqual([{ ...yogurt, state: "ready" }]);
    expect(await rowsOf("source = 'usda_sr_legacy'")).toHaveLength(1);
    const added = USDA_SR24_FOODS.filter((food) => food.srLegacy === undefined);
    expect((await rowsOf("true")).length - before).toBe(added.length);
    await client.close();
  }, 120_000); // the whole schema and table, migrated twice
});
