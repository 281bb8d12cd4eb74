// The long race-fuzzing run (the test command runs a short one):
//   npm run fuzz -- [--seed N] [--rounds 400] [--workers 8] [--ops 10]
// Uses a throwaway database on TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import {
  createDatabaseFromTemplate,
  createTemplate,
  databaseUrl,
  dropRunDatabases,
} from "../test/postgres-test-databases";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    rounds: { type: "string", default: "400" },
    workers: { type: "string", default: "8" },
    ops: { type: "string", default: "10" },
  },
});
const server = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const template = await createTemplate(server, `fuzz_${Date.now()}`);
process.env.DATABASE_URL = databaseUrl(server, await createDatabaseFromTemplate(server, template));
process.env.LOG_LEVEL ??= "silent";
process.env.STORAGE_DIR ??= `/tmp/mealsnap-fuzz-${process.pid}`;
// An executor with no app synced: uploads queue their events as in production, nothing runs them
// (the fuzzer drives the job's steps itself).
const { freePort, jobs, startExecutor } = await import("../test/jobs");
await startExecutor(await freePort());
const executor = jobs();

const { getDb, closeDb } = await import("../db/client");
const { users } = await import("../db/schema");
const { runRaceFuzz } = await import("../test/fuzz/race-fuzz");

const started = performance.now();
let exitCode = 0;
try {
  const db = await getDb();
  const userIds = [randomUUID(), randomUUID()];
  await db.insert(users).values(userIds.map((id) => ({ id, name: "Fuzz", email: `${id}@fuzz.example` })));
  const report = await runRaceFuzz({
    seed: Number(values.seed),
    rounds: Number(values.rounds),
    workers: Number(values.workers),
    opsPerWorker: Number(values.ops),
    userIds,
  });
  const total = Object.values(report.operations).reduce((sum, count) => sum + count, 0);
  console.log(
    JSON.stringify({ ...report, total, seconds: Math.round((performance.now() - started) / 1000) }, null, 2),
  );
  console.log(
    `Every invariant held over ${values.rounds} rounds (${total} operations), seed ${values.seed}.`,
  );
} catch (error) {
  console.error((error as Error).message);
  exitCode = 1;
} finally {
  await closeDb();
  await executor.close();
  await dropRunDatabases(server, template);
}
process.exit(exitCode);
