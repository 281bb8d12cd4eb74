/**
 * Runs in its own process (bench/food-search.ts starts it, once on PGlite and once on Postgres):
 * latency of the food search on the full table, in process (no HTTP), and the share of recognised
 * names that match a food. Prints one JSON line (FoodBenchReport).
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
  demo: { items: number; matched: number };
  providerSample: { names: number; matched: number };
}

const ITERATIONS = Number(process.env.BENCH_FOOD_SEARCHES ?? 2000);
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
const { matchRecognizedItems } = await import("@/lib/foods/match-recognized-items");
const { DemoRecognizer } = await import("@/lib/recognition/demo-recognizer");
const { sql } = await import("drizzle-orm");
const db = await getDb();

const foodCount = await db.$count(foods);
for (const query of QUERIES) await rankFoods(db, query, 10, { userId: null }); // warm-up
const samples: number[] = [];
for (let i = 0; i < ITERATIONS; i++) {
  const query = QUERIES[i % QUERIES.length] ?? "";
  const started = performance.now();
  await rankFoods(db, query, 10, { userId: null });
  samples.push(performance.now() - started);
}

// The plan of the search's candidate filter, under the settings rankFoods uses.
const plan = await db.transaction(async (tx) => {
  await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
  const rows = (await tx.execute(
    sql`explain select id from foods where 'chiken' <% lower(name) or 'brest' <% lower(name)`,
  )) as unknown as { rows?: Record<string, string>[] } & Record<string, string>[];
  return (rows.rows ?? rows).map((row) => Object.values(row)[0]?.trim()).join(" / ");
});

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

const summary = latencySummary(samples);
const report: FoodBenchReport = {
  database: usesEmbeddedDatabase() ? "pglite" : "postgres",
  foods: foodCount,
  searches: ITERATIONS,
  latencyMs: { p50: round(summary.p50, 2), p95: round(summary.p95, 2), p99: round(summary.p99, 2) },
  plan,
  demo: { items: demoItems, matched: demoMatched },
  providerSample: {
    names: provider.length,
    matched: provider.filter((item) => item.foodId).length,
  },
};
await closeDb();
console.log(JSON.stringify(report));
