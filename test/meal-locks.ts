import path from "node:path";
import postgres from "postgres";
import { eventually } from "./jobs";

/**
 * Concurrency tests need a lock to meet: PGlite has one connection and never makes a request
 * wait. On PGlite they are skipped, and say so loudly rather than passing without a race.
 */
export function onRealPostgres(testFile: string, why = "its races need real Postgres locks"): boolean {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) {
    console.warn(`${path.basename(testFile)} SKIPPED: ${why}; set TEST_POSTGRES_URL to run them`);
  }
  return Boolean(url);
}

function connection() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: these helpers need real Postgres");
  return postgres(url, { max: 1, onnotice: () => {} });
}

/**
 * Holds the row locks of the given meals in a transaction of its own (another app instance, as
 * it were), so that requests fired meanwhile queue for them in the order they arrive; `release`
 * commits and lets them through one by one.
 */
export async function holdMealLocks(mealIds: string[]): Promise<{ release: () => Promise<void> }> {
  const sql = connection();
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked: () => void = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const done = sql
    .begin(async (tx) => {
      await tx`select id from meals where id in ${tx(mealIds)} order by id for update`;
      locked();
      await released;
    })
    .finally(() => sql.end());
  await isLocked;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

/** Waits until `count` sessions of this test database are waiting for a lock. */
export async function waitForLockWaiters(count: number): Promise<void> {
  const sql = connection();
  try {
    await eventually(async () => {
      const [row] = await sql<{ waiting: number }[]>`
        select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`;
      return (row?.waiting ?? 0) >= count;
    });
  } finally {
    await sql.end();
  }
}
