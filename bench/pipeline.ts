/**
 * `npm run bench:pipeline [-- --rounds=N --meals=N --no-build --dist=.next-<name>]`
 *
 * The pipeline scenario of `npm run bench` alone (bench/scenarios/pipeline.ts), for working on
 * upload → SUCCESS: the same throwaway database, production build (.next-bench) and server, no
 * seeding, then `--rounds` rounds (default 3) of `--meals` meals (default 30), each round printed
 * on its own (p50 / p95 ms) so that one noisy moment of a shared machine shows as one bad round.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { makeBenchImages } from "./images";
import { benchPipeline } from "./scenarios/pipeline";
import { appEnvironment } from "./setup/app-environment";
import { createBenchDatabase } from "./setup/database";
import { freePort } from "./setup/processes";
import { DIST_DIR, ensureBuild, startAppServer } from "./setup/server";
import { round } from "./stats";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) =>
  Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const rounds = flag("rounds", 3);
const meals = flag("meals", 30);
/** Another build folder (e.g. a copy of an earlier build), to compare two builds in one session. */
const distDir = args.find((arg) => arg.startsWith("--dist="))?.split("=")[1] ?? DIST_DIR;

const cleanups: Array<() => Promise<unknown>> = [];
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

const load = () => round(os.loadavg()[0] ?? 0, 2);
const cell = ({ p50, p95 }: { p50: number; p95: number }) => `${round(p50)} / ${round(p95)}`;

async function main() {
  const database = await createBenchDatabase();
  cleanups.push(database.drop);
  const sql = postgres(database.url, { max: 4, onnotice: () => {} });
  cleanups.push(() => sql.end({ timeout: 5 }));
  const build = await ensureBuild(args.includes("--no-build"), distDir);
  const images = await makeBenchImages();
  const storageDir = await mkdtemp(path.join(os.tmpdir(), "mealsnap-bench-storage-"));
  cleanups.push(() => rm(storageDir, { recursive: true, force: true }));
  const port = await freePort();
  const server = await startAppServer(
    port,
    appEnvironment(database.url, port, await freePort(), storageDir),
    distDir,
  );
  cleanups.push(server.stop);
  console.log(`${distDir}: build ${build}; ${rounds} rounds × ${meals} meals × 3 photos; p50 / p95 ms`);
  for (let index = 1; index <= rounds; index++) {
    const before = load();
    const result = await benchPipeline({ baseUrl: server.url, sql, images }, meals);
    console.log(
      `round ${index} (load ${before}): created → SUCCESS ${cell(result.createdToSuccess)}; ` +
        `→ PROCESSING ${cell(result.createdToProcessing)}; PROCESSING → SUCCESS ${cell(result.processingToSuccess)}; ` +
        `created → 201 ${cell(result.createdToAnswered)}; 201 → seen ${cell(result.answeredToSeen)}`,
    );
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
