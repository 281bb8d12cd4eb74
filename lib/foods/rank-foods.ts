import "server-only";
import { and, asc, desc, getTableColumns, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Food, type FoodState, foods } from "@/db/schema";
import { LOCAL_NAME_SEPARATOR } from "./local-names";
import { searchWords } from "./search-words";
import { visibleCandidates } from "./visible-foods";

/** Candidates: a word of the query whose trigrams match a word of the name at least this much. */
const CANDIDATE_WORD_SIMILARITY = 0.3;
/** A query word that starts a word of the name (typing "chick"): below a whole word, above any typo. */
const PREFIX_SCORE = 0.9;
/**
 * Results below this score are left out. Taken from the ranking set (lib/foods/ranking-set.ts,
 * docs/FOODS.md#search): the closest noise scores 0.375 ("curd" → Curry leaves), the furthest
 * typo kept scores 0.4 ("panner" → Paneer; "spinich" 0.45, "chiken brest" 0.47).
 */
export const MIN_SCORE = 0.43;

export interface RankedFood extends Food {
  /**
   * Mean over the query's words of their match with the food's name (0..1): a whole word 1, the
   * start of a word PREFIX_SCORE, else the trigram similarity with the closest words (typos);
   * 1 when the query is one of the food's local names. At least MIN_SCORE.
   */
  score: number;
  /** Trigram similarity of the whole query and the whole name (0..1): breaks ties toward the closest name. */
  nameSimilarity: number;
  /** The local name the query is, when the food was found by it rather than by its name ("Aloo" for a potato), else null. */
  localName: string | null;
}

const lowerName = sql`lower(${foods.name})`;
const lowerLocalNames = sql`lower(${foods.localNames})`;

/** A query word's match with the name: whole word, start of a word, or trigram similarity to the closest words. */
function wordScore(word: string): SQL {
  // Words are letters and digits only (searchWords), so they are literal in a regular expression.
  return sql`case when ${lowerName} ~ ${`\\m${word}\\M`} then 1
    when ${lowerName} ~ ${`\\m${word}`} then ${PREFIX_SCORE}::real
    else strict_word_similarity(${word}, ${lowerName}) end`;
}

export interface RankOptions {
  /** Whose own foods are searched beside the table's (first among good matches); null: the table only. */
  userId: string | null;
  /** Only foods of these states (a recognised cooked dish is matched to a cooked food). */
  states?: readonly FoodState[];
}

/** The ranked SELECT of one query's words; the caller's transaction has set the candidate threshold. */
function rankWords(tx: Db, words: string[], limit: number, { userId, states }: RankOptions) {
  const nameScore = sql`((${sql.join(words.map(wordScore), sql` + `)}) / ${words.length}::real)`;
  // One local name, whole: its words are the query's, whatever punctuation separates them.
  const localNameWords = `${words.join("[^[:alnum:];]+")}[^[:alnum:];]*`;
  const isLocalName = sql`${lowerLocalNames} ~ ${`(^|${LOCAL_NAME_SEPARATOR})${localNameWords}(;|$)`}`;
  // The earliest such name: names that more languages use come first (lib/foods/local-names.ts).
  const localNameMatch = (column: "name" | "position") =>
    sql`case when ${isLocalName} then (select local.${sql.raw(column)}
      from unnest(string_to_array(${foods.localNames}, ${LOCAL_NAME_SEPARATOR})) with ordinality as local (name, position)
      where lower(local.name) ~ ${`^${localNameWords}$`} order by local.position limit 1) end`;
  const scoreSql = sql`greatest(${nameScore}, case when ${isLocalName} then 1 else 0 end)`;
  const score: SQL<number> = scoreSql.mapWith(Number);
  const nameSimilarity: SQL<number> = sql`similarity(${words.join(" ")}, ${lowerName})`.mapWith(Number);
  // Only when the name alone does not say why the food is here ("aloo", not "paneer").
  const byLocalName = <T>(match: SQL) => sql<T>`case when ${nameScore} < 1 then ${match} end`;
  const localName = byLocalName<string | null>(localNameMatch("name"));
  // The common name (before the first comma: "Milk" of "Milk, whole, Cow") is all the query names:
  // "milk" means cow's milk before "Milk fish".
  const queryWords = sql`array[${sql.join(
    words.map((word) => sql`${word}`),
    sql`, `,
  )}]::text[]`;
  const namesCommonName = sql`not exists (select 1
    from regexp_split_to_table(lower(split_part(${foods.name}, ',', 1)), '[^[:alnum:]]+') as common (word)
    where common.word <> '' and not common.word ^@ any(${queryWords}))`;
  return tx
    .select({ ...getTableColumns(foods), score, nameSimilarity, localName })
    .from(foods)
    .where(
      and(
        visibleCandidates(
          userId,
          or(...words.map((word) => sql`${word} <% ${lowerName}`), isLocalName) as SQL,
        ),
        states === undefined ? undefined : inArray(foods.state, [...states]),
        sql`${scoreSql} >= ${MIN_SCORE}::real`,
      ),
    )
    .orderBy(
      // The user's own food or recipe is what they mean when it matches well enough.
      sql`${foods.ownerId} is null`,
      desc(score),
      // People log what they eat: at equal score, cooked before raw or ready ("arhar dal" is cooked
      // pigeon peas before the dry dal; "rice" cooked rice, not rice bran oil).
      sql`${foods.state} <> 'cooked'`,
      desc(nameScore),
      sql`${byLocalName(localNameMatch("position"))} nulls last`,
      desc(namesCommonName),
      desc(nameSimilarity),
      asc(foods.name),
      asc(foods.source),
      asc(foods.sourceId),
    )
    .limit(limit);
}

/**
 * The foods that best match each of `queries` (in their order), in one transaction: the
 * candidate threshold is set once and the queries' SELECTs are sent together (postgres.js
 * pipelines them on the transaction's connection), so matching a photo's items costs one round
 * trip more than one search, not one transaction per item. The table's candidates come through the trigram
 * indexes on lower(name) (`word <% name`, a word matching at CANDIDATE_WORD_SIMILARITY) and
 * lower(local_names) (the query as one of the names); the threshold is set for this transaction only.
 * Only the table's foods and `options.userId`'s own are answered (visibleCandidates).
 */
export async function rankFoodsForEach(
  db: Db,
  queries: string[],
  limit: number,
  options: RankOptions,
): Promise<RankedFood[][]> {
  const wordsOfQueries = queries.map(searchWords);
  if (wordsOfQueries.every((words) => words.length === 0)) return queries.map(() => []);
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('pg_trgm.word_similarity_threshold', ${String(CANDIDATE_WORD_SIMILARITY)}, true),
        set_config('enable_seqscan', 'off', true)`,
    );
    return Promise.all(
      wordsOfQueries.map((words) => (words.length === 0 ? [] : rankWords(tx, words, limit, options))),
    );
  });
}

/** The foods whose names best match `query` (rankFoodsForEach for one query). */
export async function rankFoods(
  db: Db,
  query: string,
  limit: number,
  options: RankOptions,
): Promise<RankedFood[]> {
  const [ranked] = await rankFoodsForEach(db, [query], limit, options);
  return ranked ?? [];
}

/**
 * The best matches of any of `spellings` (one query written several ways): each food once, at its
 * best score, the user's own first as for one query; ties keep the spellings' order.
 */
export async function rankFoodsSpelledAnyOf(
  db: Db,
  spellings: string[],
  limit: number,
  options: RankOptions,
): Promise<RankedFood[]> {
  if (spellings.length === 1) return rankFoods(db, spellings[0] ?? "", limit, options);
  const best = new Map<string, RankedFood>();
  for (const food of (await rankFoodsForEach(db, spellings, limit, options)).flat()) {
    const known = best.get(food.id);
    if (!known || food.score > known.score) best.set(food.id, food);
  }
  return [...best.values()]
    .sort((a, b) => Number(a.ownerId === null) - Number(b.ownerId === null) || b.score - a.score)
    .slice(0, limit);
}
