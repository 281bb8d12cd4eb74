/**
 * `npm run bench [-- --quick | --no-build | --million-cancels | --runs=N | --duration=S]`
 *
 * Throwaway Postgres database → production build in .next-bench → `next start` → seeded dataset →
 * HTTP load with autocannon (diary, cancel, upload) → pipeline latency → in-process statement
 * counts and the naive-diary baseline → the admin-audit script if present. Prints one table,
 * writes bench/results/latest.json, and removes the server, database and files it created.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { BenchContext } from "./context";
import { makeBenchImages } from "./images";
import { type BenchOptions, parseOptions, USAGE } from "./options";
import { type BenchResults, evaluateGoals, type Outcome, renderTable } from "./report";
import { benchCancel } from "./scenarios/cancel";
import { runCompanion } from "./scenarios/companions";
import { benchDiary } from "./scenarios/diary";
import { measureInProcess } from "./scenarios/in-process";
import { benchPipeline } from "./scenarios/pipeline";
import { benchUpload } from "./scenarios/upload";
import { renewSessionCache, seedDataset, signUp } from "./seed";
import { appEnvironment } from "./setup/app-environment";
import { createBenchDatabase } from "./setup/database";
import { describeMachine } from "./setup/machine";
import { freePort } from "./setup/processes";
import { ensureBuild, startAppServer } from "./setup/server";

const RESULTS_FILE = path.join("bench", "results", "latest.json");
const started = performance.now();
const progress = (message: string) =>
  console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

const cleanups: Array<() => Promise<unknown>> = [];
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: Error) => progress(`clean-up failed: ${error.message}`));
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

async function attempt<T>(name: string, scenario: () => Promise<T>): Promise<Outcome<T>> {
  progress(`${name} …`);
  try {
    return { ok: true, value: await scenario() };
  } catch (error) {
    progress(`${name} FAILED: ${(error as Error).stack}`);
    return { ok: false, error: (error as Error).message };
  }
}

async function main(options: BenchOptions) {
  progress("creating and migrating a throwaway Postgres database");
  const database = await createBenchDatabase();
  cleanups.push(database.drop);
  const sql = postgres(database.url, { max: 4, onnotice: () => {} });
  cleanups.push(() => sql.end({ timeout: 5 }));
  const machine = await describeMachine(sql);
  progress(
    `${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, Postgres ${machine.postgres}, load ${machine.loadAverage1m}`,
  );

  progress(options.build ? "production build in .next-bench (if older than the sources)" : "--no-build");
  const build = await ensureBuild(!options.build);
  const images = await makeBenchImages();
  const storageDir = await mkdtemp(path.join(os.tmpdir(), "mealsnap-bench-storage-"));
  cleanups.push(() => rm(storageDir, { recursive: true, force: true }));

  const port = await freePort();
  const env = appEnvironment(database.url, port, await freePort(), storageDir);
  progress(`build ${build}; starting next start on port ${port}`);
  const server = await startAppServer(port, env);
  cleanups.push(server.stop);

  progress(
    `seeding${options.cancelEvents ? ` (with ${options.cancelEvents.toLocaleString("en")} cancel events)` : ""}`,
  );
  const heavy = await signUp(server.url, "heavy");
  const stopRenewing = renewSessionCache(server.url, heavy);
  cleanups.push(async () => stopRenewing());
  const dataset = await seedDataset(sql, {
    heavyUserId: heavy.id,
    storageDir,
    seedJpeg: images.thumbnail,
    cancelEvents: options.cancelEvents,
  });
  progress(`seeded ${JSON.stringify(dataset.counts)} in ${JSON.stringify(dataset.timings)} ms`);
  const heavyMeals = await sql<{ id: string; date: string }[]>`
    select id, date::text from meals where user_id = ${heavy.id} order by date, created_at`;
  const ctx: BenchContext = {
    baseUrl: server.url,
    sql,
    options,
    plan: { connections: options.connections, runs: options.runs, durationS: options.durationS },
    images,
    heavy,
    heavyDates: [...new Set(heavyMeals.map((meal) => meal.date))],
    heavyMealIds: heavyMeals.map((meal) => meal.id),
  };

  const results: BenchResults = {
    diary: await attempt("diary", () => benchDiary(ctx)),
    cancel: await attempt("cancel", () => benchCancel(ctx)),
    pipeline: await attempt("pipeline", () => benchPipeline(ctx, options.pipelineMeals)),
    upload: await attempt("upload", () => benchUpload(ctx)),
    inProcess: await attempt("in-process statements and naive baseline", () => measureInProcess(ctx, env)),
    companions: [
      await runCompanion("packages/inngest-embedded/bench/executor.ts", {}),
      await runCompanion("bench/admin-audit.ts", { ...env, BENCH_BASE_URL: server.url }),
    ],
  };
  const goals = evaluateGoals(results);
  const serverPeakRssMiB = server.peakRssMiB();
  const loadAverageAfter = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;

  console.log(
    `Mealsnap bench — ${machine.cpus} CPUs ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
      `Postgres ${machine.postgres}; load average ${machine.loadAverage1m} before, ${loadAverageAfter} after; ` +
      `${options.runs} runs × ${options.durationS} s per point (medians); ` +
      `photos ${images.phone.byteLength} B (phone) vs ${images.browser.byteLength} B (browser)`,
  );
  console.log(renderTable(results, goals));
  console.log(`server peak RSS (largest process of next start, VmHWM): ${serverPeakRssMiB} MiB`);
  for (const companion of results.companions)
    console.log(`\n${companion.script} (${companion.status}):\n${companion.output}`);

  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  const report = {
    finishedAt: new Date().toISOString(),
    options,
    machine: { ...machine, loadAverageAfter },
    build,
    dataset,
    images: { phoneBytes: images.phone.byteLength, browserBytes: images.browser.byteLength },
    goals,
    serverPeakRssMiB,
    results,
  };
  await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  progress(`wrote ${RESULTS_FILE}`);
  const failed =
    [results.diary, results.cancel, results.pipeline, results.upload, results.inProcess].some(
      (outcome) => !outcome.ok,
    ) || results.companions.some((companion) => companion.status === "failed");
  if (failed) process.exitCode = 1;
}

const args = process.argv.slice(2);
if (args.includes("--help")) {
  console.log(USAGE);
} else {
  try {
    await main(parseOptions(args));
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await cleanUp();
  }
}
