/**
 * The session check every authenticated request runs (`getSessionUser`, better-auth's getSession),
 * in process on a real Postgres: a user signed up through better-auth, then its cookies checked
 * N times one after another — with the cookie cache (two HMAC checks, no SQL) and without it
 * (`fresh`: the session token's HMAC and the joined session lookup). Median µs per call of
 * several rounds, in wall time and in the process's CPU time (all its threads: WebCrypto's jobs
 * run on the thread pool), which the load of a shared machine moves less; asserts nothing.
 *
 *   npx tsx --conditions=react-server bench/session-check.ts [--calls=5000] [--rounds=5]
 */
import "./server-only";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const CALLS = option("calls", 5_000);
const ROUNDS = option("rounds", 5);
const SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

const database = `mealsnap_bench_session_${Date.now()}`;
const server = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
await server.unsafe(`create database "${database}"`);
process.env.DATABASE_URL = SERVER_URL.replace(/\/postgres$/, `/${database}`);
process.env.BETTER_AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-01";
process.env.SESSION_CACHE_SECONDS = "300";
process.env.LOG_LEVEL = "silent";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main() {
  const migrator = postgres(process.env.DATABASE_URL as string, { max: 1, onnotice: () => {} });
  await migrate(drizzle(migrator), { migrationsFolder: "db/migrations" });
  await migrator.end();
  const { getAuth } = await import("@/lib/auth/auth");
  const { getSessionUser } = await import("@/lib/auth/session");
  const { countStatements, closeDb } = await import("@/db/client");

  const auth = await getAuth();
  const signedUp = await auth.api.signUpEmail({
    body: { email: "bench-session@example.com", password: "correct-horse-1", name: "Bench" },
    asResponse: true,
  });
  const cookie = signedUp.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  const headers = new Headers({ cookie });

  for (const [name, fresh] of [
    ["cookie cache (no SQL)", false],
    ["fresh (session lookup)", true],
  ] as const) {
    const check = await countStatements(() => getSessionUser(headers, { fresh }));
    if (!check.result) throw new Error(`${name}: the signed-in cookie was refused`);
    for (let i = 0; i < 200; i++) await getSessionUser(headers, { fresh }); // warm-up
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      for (let i = 0; i < CALLS; i++) await getSessionUser(headers, { fresh });
      const cpuUsed = process.cpuUsage(cpuBefore);
      wall.push(((performance.now() - started) * 1000) / CALLS);
      cpu.push((cpuUsed.user + cpuUsed.system) / CALLS);
    }
    const range = (values: number[]) =>
      `${median(values).toFixed(1)} µs (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`;
    console.log(
      `${name}, ${check.statements} SQL, median of ${ROUNDS} × ${CALLS} calls: wall ${range(wall)}, CPU ${range(cpu)} per call`,
    );
  }
  await closeDb();
}

try {
  await main();
} finally {
  await server.unsafe(`drop database if exists "${database}" with (force)`);
  await server.end();
}
