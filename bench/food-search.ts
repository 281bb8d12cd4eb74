/**
 * `npm run bench:foods`: the food search on the full table, on a throwaway Postgres database and
 * on an in-memory PGlite, each migrated by the app itself (bench/foods/measure.ts in its own
 * process): search latency p50/p95/p99 on the table alone, then with the own foods of 1,000 users
 * (50 each) beside it as one of them searches, and the share of demo recognitions and of a sample
 * of provider-style names that matched a food.
 */
import type { FoodBenchReport } from "./foods/measure";
import { createBenchDatabase } from "./setup/database";
import { runCommand } from "./setup/processes";

async function measure(env: Record<string, string>): Promise<FoodBenchReport> {
  const output = await runCommand("npx", ["tsx", "bench/foods/measure.ts"], {
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    timeoutMs: 600_000,
  });
  const line = output
    .trim()
    .split("\n")
    .findLast((text) => text.startsWith("{"));
  if (!line) throw new Error(`the food measurements printed no report:\n${output.slice(-2000)}`);
  return JSON.parse(line) as FoodBenchReport;
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

const database = await createBenchDatabase("mealsnap_bench_foods");
const reports: FoodBenchReport[] = [];
try {
  reports.push(await measure({ DATABASE_URL: database.url }));
  reports.push(await measure({ DATABASE_URL: "", PGLITE_DATA_DIR: "memory://" }));
} finally {
  await database.drop();
}
for (const report of reports) {
  const { p50, p95, p99 } = report.latencyMs;
  console.log(
    `${report.database.padEnd(8)} ${report.foods} foods, ${report.searches} searches: ` +
      `p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms (plan: ${report.plan})`,
  );
  const own = report.withUserFoods;
  console.log(
    `${"".padEnd(8)} + ${own.foods} user foods of ${own.users} users, searched by one of them: ` +
      `p50 ${own.latencyMs.p50} ms, p95 ${own.latencyMs.p95} ms, p99 ${own.latencyMs.p99} ms (plan: ${own.plan})`,
  );
  console.log(
    `${"".padEnd(8)} demo items matched ${report.demo.matched}/${report.demo.items} (${percent(report.demo.matched, report.demo.items)}), ` +
      `provider-style sample ${report.providerSample.matched}/${report.providerSample.names} ` +
      `(${percent(report.providerSample.matched, report.providerSample.names)})`,
  );
}
