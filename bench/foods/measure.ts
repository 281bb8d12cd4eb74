/**
 * Runs in its own process (bench/food-search.ts starts it, once on PGlite and once on Postgres):
 * latency of the food search on the full table, then again with the own foods of many users in
 * it (as one of them searches), in process (no HTTP), and the share of recognised names that
 * match a food. Prints one JSON line (FoodBenchReport).
 */
import "../server-only";
import { latencySummary, round } from "../stats";
import { PROVIDER_STYLE_NAMES } from "./provider-sample";

export interface FoodBenchReport {
  database: "pglite" | "postgres";
  foods: number;
  searches: number;
  latencyMs: { p50: number; p95: number; p99: number };
  plan: string;
  /** The same searches by one user once USERS users have USER_FOODS own foods each. */
  withUserFoods: {
    users: number;
    foods: number;
    latencyMs: { p50: number; p95: number; p99: number };
    plan: string;
  };
  demo: { items: number; matched: number };
  providerSample: { names: number; matched: number };
}

const ITERATIONS = Number(process.env.BENCH_FOOD_SEARCHES ?? 2000);
const USERS = Number(process.env.BENCH_FOOD_USERS ?? 1000);
const USER_FOODS = 50;
const DEMO_PHOTOS = 500;
// Exact names, typos, several words in any order, a word of an IFCT name, and no match at all.
const QUERIES = [
  "banana",
  "bananna",
  "chiken brest",
  "milk cow",
  "brown rice",
  "dal",
  "greek yoghurt",
  "qwxzv",
];

const { getDb, closeDb, usesEmbeddedDatabase } = await import("@/db/client");
const { foods } = await import("@/db/schema");
const { rankFoods } = await import("@/lib/foods/rank-foods");
const { visibleCandidates } = await import("@/lib/foods/visible-foods");
const { matchRecognizedItems } = await import("@/lib/foods/match-recognized-items");
const { DemoRecognizer } = await import("@/lib/recognition/demo-recognizer");
const { sql } = await import("drizzle-orm");
const db = await getDb();

async function searchLatency(userId: string | null) {
  for (const query of QUERIES) await rankFoods(db, query, 10, { userId }); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const query = QUERIES[i % QUERIES.length] ?? "";
    const started = performance.now();
    await rankFoods(db, query, 10, { userId });
    samples.push(performance.now() - started);
  }
  const summary = latencySummary(samples);
  return { p50: round(summary.p50, 2), p95: round(summary.p95, 2), p99: round(summary.p99, 2) };
}

// The plan of the search's candidate filter, under the settings rankFoods uses.
async function candidatePlan(userId: string | null) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
    const rows = (await tx.execute(
      sql`explain select id from foods where ${visibleCandidates(
        userId,
        sql`'chiken' <% lower(name) or 'brest' <% lower(name)`,
      )}`,
    )) as unknown as { rows?: Record<string, string>[] } & Record<string, string>[];
    return (rows.rows ?? rows).map((row) => Object.values(row)[0]?.trim()).join(" / ");
  });
}

const foodCount = await db.$count(foods);
const latencyMs = await searchLatency(null);
const plan = await candidatePlan(null);

/**
 * USERS users with USER_FOODS own foods each, in two statements: each takes USER_FOODS table
 * foods (a different draw per user) under their names plus a suffix, as people name their own
 * ("Dal, homemade"), so their names compete with the table's for the same queries.
 */
async function addUserFoods() {
  await db.execute(sql`insert into users (id, name, email)
    select 'bench-user-' || n, 'Bench user ' || n, 'bench-user-' || n || '@example.com'
    from generate_series(1, ${USERS}) as n`);
  await db.execute(sql`insert into foods
      (id, source, source_id, name, food_group, kcal, energy_basis, protein, fat, carbs, state, owner_id)
    select id, 'user', id::text, name, 'Your foods', kcal, 'reported', protein, fat, carbs, state, owner_id
    from (
      select gen_random_uuid() as id,
        table_food.name || ', ' || (array['homemade', 'my way', 'light', 'with less oil', 'mom''s',
          'large', 'office canteen', 'weekend'])[1 + (n + table_food.rank) % 8] as name,
        table_food.kcal, table_food.protein, table_food.fat, table_food.carbs, table_food.state,
        'bench-user-' || n as owner_id
      from generate_series(1, ${USERS}) as n
      cross join lateral (
        select name, kcal, protein, fat, carbs, state, row_number() over () as rank
        from (select * from foods where owner_id is null order by md5(name || n) limit ${USER_FOODS}) as drawn
      ) as table_food
    ) as user_food`);
  await db.execute(sql`analyze foods`);
}

await addUserFoods();
const withUserFoods = {
  users: USERS,
  foods: (await db.$count(foods)) - foodCount,
  latencyMs: await searchLatency("bench-user-1"),
  plan: await candidatePlan("bench-user-1"),
};

const demo = new DemoRecognizer({ latencyMs: 0, failureRate: 0 });
let demoItems = 0;
let demoMatched = 0;
for (let photo = 0; photo < DEMO_PHOTOS; photo++) {
  const bytes = new TextEncoder().encode(`bench photo ${photo}`);
  const items = await matchRecognizedItems(
    await demo.recognize({ bytes, mime: "image/jpeg", photoId: "bench" }),
  );
  demoItems += items.length;
  demoMatched += items.filter((item) => item.foodId).length;
}
const estimate = { grams: 100, kcal: 0, protein: 0, fat: 0, carbs: 0, confidence: 0.5 };
const provider = await matchRecognizedItems(PROVIDER_STYLE_NAMES.map((name) => ({ name, ...estimate })));

const report: FoodBenchReport = {
  database: usesEmbeddedDatabase() ? "pglite" : "postgres",
  foods: foodCount,
  searches: ITERATIONS,
  latencyMs,
  plan,
  withUserFoods,
  demo: { items: demoItems, matched: demoMatched },
  providerSample: {
    names: provider.length,
    matched: provider.filter((item) => item.foodId).length,
  },
};
await closeDb();
console.log(JSON.stringify(report));
