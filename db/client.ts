import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import { type ExtractTablesWithRelations, sql } from "drizzle-orm";
import type { Logger as DrizzleLogger } from "drizzle-orm/logger";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { config } from "@/lib/config";
import { claimPrivateDirectory } from "@/lib/private-files";
import { tracingStarted } from "@/lib/tracing/tracing-state";
import { preparingPostgresJs } from "./prepared-statements";
import * as schema from "./schema";
import { tracedPglite, tracedPostgresJs } from "./traced-driver";

export type Schema = typeof schema;
/** A database handle or a transaction: both drivers' drizzle instances share this shape. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

// Counts the SQL statements drizzle sends inside `countStatements` (tests and benchmarks use it to
// prove the diary issues a constant number of statements, whatever the data).
const statementCounter = new AsyncLocalStorage<{ count: number }>();

const countingLogger: DrizzleLogger = {
  logQuery() {
    const counter = statementCounter.getStore();
    if (counter) counter.count += 1;
  },
};

export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const counter = { count: 0 };
  const result = await statementCounter.run(counter, fn);
  return { result, statements: counter.count };
}

interface DatabaseHandle {
  db: Db;
  close: () => Promise<void>;
}

async function connectPostgres(url: string): Promise<DatabaseHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, { max: 10, onnotice: () => {} });
  const prepared = config().DATABASE_PREPARED_STATEMENTS ? preparingPostgresJs(client) : client;
  // SQL spans only when traces are exported.
  const driver = tracingStarted() ? tracedPostgresJs(prepared) : prepared;
  const db = drizzle(driver, { schema, logger: countingLogger }) as unknown as Db;
  return { db, close: () => client.end({ timeout: 5 }) };
}

/** Embedded PGlite: one connection in this process; it migrates itself at start. */
async function connectPglite(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) claimPrivateDirectory(dataDir);
  // pg_trgm: the food search (db/migrations/0006_foods.sql creates the extension).
  const extensions = { pg_trgm };
  const client = inMemory ? new PGlite({ extensions }) : new PGlite(path.resolve(dataDir), { extensions });
  const pglite = drizzle(tracingStarted() ? tracedPglite(client) : client, {
    schema,
    logger: countingLogger,
  });
  await migrate(pglite, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: pglite as unknown as Db, close: () => client.close() };
}

// One handle per process. Kept on globalThis because Next.js may evaluate this module in more
// than one bundle (route handlers, instrumentation) and PGlite must never be opened twice.
const globalHandle = globalThis as unknown as { __mealsnapDb?: Promise<DatabaseHandle> };

function handle(): Promise<DatabaseHandle> {
  globalHandle.__mealsnapDb ??= (() => {
    const { DATABASE_URL, PGLITE_DATA_DIR } = config();
    return DATABASE_URL ? connectPostgres(DATABASE_URL) : connectPglite(PGLITE_DATA_DIR);
  })();
  return globalHandle.__mealsnapDb;
}

export async function getDb(): Promise<Db> {
  return (await handle()).db;
}

/** Throws unless the database answers (the health check, and the pages' outage probe). */
export async function pingDatabase(): Promise<void> {
  await (await getDb()).execute(sql`select 1`);
}

export async function closeDb(): Promise<void> {
  const current = globalHandle.__mealsnapDb;
  globalHandle.__mealsnapDb = undefined;
  if (current) await (await current).close();
}

export function usesEmbeddedDatabase(): boolean {
  return !config().DATABASE_URL;
}
