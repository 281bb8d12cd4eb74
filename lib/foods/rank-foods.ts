import "server-only";
import { asc, desc, getTableColumns, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Food, foods } from "@/db/schema";
import { searchWords } from "./search-words";

/** A word of the query counts when its trigrams match a word of the name at least this much. */
const WORD_MATCH_THRESHOLD = 0.3;

export interface RankedFood extends Food {
  /** Mean over the query's words of their best trigram match in the name (0..1): typos and word order tolerated. */
  score: number;
  /** Trigram similarity of the whole query and the whole name (0..1): breaks ties toward the closest name. */
  nameSimilarity: number;
}

const lowerName = sql`lower(${foods.name})`;

/** The ranked SELECT of one query's words; the caller's transaction has set the threshold. */
function rankWords(tx: Db, words: string[], limit: number) {
  const wordScores = words.map((word) => sql`word_similarity(${word}, ${lowerName})`);
  const score: SQL<number> = sql`(${sql.join(wordScores, sql` + `)}) / ${words.length}::real`.mapWith(Number);
  const nameSimilarity: SQL<number> = sql`similarity(${words.join(" ")}, ${lowerName})`.mapWith(Number);
  return tx
    .select({ ...getTableColumns(foods), score, nameSimilarity })
    .from(foods)
    .where(or(...words.map((word) => sql`${word} <% ${lowerName}`)))
    .orderBy(desc(score), desc(nameSimilarity), asc(foods.name), asc(foods.source), asc(foods.sourceId))
    .limit(limit);
}

/**
 * The foods whose names best match each of `queries` (in their order), by pg_trgm word
 * similarity, in one transaction: the threshold is set once and the queries' SELECTs are sent
 * together (postgres.js pipelines them on the transaction's connection), so matching a photo's
 * items costs one round trip more than one search, not one transaction per item. Candidates come
 * through the trigram index on lower(name) (`word <% name`, a word matching at
 * WORD_MATCH_THRESHOLD); the threshold is set for this transaction only.
 */
export async function rankFoodsForEach(db: Db, queries: string[], limit: number): Promise<RankedFood[][]> {
  const wordsOfQueries = queries.map(searchWords);
  if (wordsOfQueries.every((words) => words.length === 0)) return queries.map(() => []);
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_MATCH_THRESHOLD)}, true),
        set_config('enable_seqscan', 'off', true)`,
    );
    return Promise.all(
      wordsOfQueries.map((words) => (words.length === 0 ? [] : rankWords(tx, words, limit))),
    );
  });
}

/** The foods whose names best match `query` (rankFoodsForEach for one query). */
export async function rankFoods(db: Db, query: string, limit: number): Promise<RankedFood[]> {
  const [ranked] = await rankFoodsForEach(db, [query], limit);
  return ranked ?? [];
}
