import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rankFoods } from "./rank-foods";
import { RANKING_SET } from "./ranking-set";

// On the real table, as migrated: PGlite by default, Postgres with TEST_POSTGRES_URL.
describe("the search's ranking set", () => {
  it("has at least 60 everyday queries, each once", () => {
    const queries = RANKING_SET.map((entry) => entry.query);
    expect(queries.length).toBeGreaterThanOrEqual(60);
    expect(new Set(queries).size).toBe(queries.length);
  });

  it.each(RANKING_SET)("$query → $first", async ({ query, first }) => {
    const [best] = await rankFoods(await getDb(), query, 1, { userId: null });
    if (first.length === 0) expect(best, `${query} → ${best?.name}`).toBeUndefined();
    else expect(first, `${query} → ${best?.name}`).toContain(best?.sourceId);
  });
});
