/**
 * Admin cancel-audit queries on one million cancel events: the list (first page, a deep keyset
 * page, each filter), the stats (24 h / 30 d) and the integrity report. Median of several runs,
 * printed as a table; asserts nothing.
 *
 *   npx tsx bench/admin-audit.ts            # throwaway database on 127.0.0.1:5432, dropped after
 *   DATABASE_URL=postgres://… npx tsx bench/admin-audit.ts   # an existing, migrated database
 */
import "./server-only";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

const CANCEL_EVENTS = 1_000_000;
const USERS = 1_000;
const MEALS = 100_000;
const OPERATION_EVENTS = 300_000;
const RUNS = 7;
const SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

const throwaway = process.env.DATABASE_URL ? null : `mealsnap_bench_admin_${Date.now()}`;
const databaseUrl = process.env.DATABASE_URL ?? SERVER_URL.replace(/\/postgres$/, `/${throwaway}`);
const server = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
if (throwaway) await server.unsafe(`create database "${throwaway}"`);
process.env.DATABASE_URL = databaseUrl;
process.env.LOG_LEVEL = "silent";

const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });

/** Users, meals with photos and items that satisfy every invariant, 1 M cancels over 30 days. */
async function seed(): Promise<void> {
  await migrate(drizzle(sql), { migrationsFolder: "db/migrations" });
  const [{ count } = { count: 0 }] = await sql<{ count: number }[]>`select count(*)::int from cancel_events`;
  if (count >= CANCEL_EVENTS) return;
  const started = performance.now();
  await sql`insert into users (id, name, email, role)
    select 'bench-user-' || g, 'Bench ' || g, 'bench-' || g || '@example.com', 'user'
    from generate_series(1, ${USERS}) g`;
  // Deterministic ids (md5 → uuid) let the cancels reference meals without a join.
  await sql`insert into meals (id, user_id, date, meal_type, status, client_request_id, created_at)
    select md5('meal' || g)::uuid, 'bench-user-' || (g % ${USERS} + 1), current_date - (g % 30), 'lunch',
      (case when g % 10 = 0 then 'FAILED' else 'COMPLETE' end)::meal_status, gen_random_uuid(),
      now() - (g % 30) * interval '1 day'
    from generate_series(1, ${MEALS}) g`;
  // Two photos a meal: a FAILED meal's are CANCELLED, a COMPLETE meal has one SUCCESS, one CANCELLED.
  await sql`insert into meal_photos (id, meal_id, user_id, status, client_upload_id, storage_key, mime,
      bytes, width, height, sha256, finished_at)
    select md5('photo' || g || '-' || n)::uuid, md5('meal' || g)::uuid, 'bench-user-' || (g % ${USERS} + 1),
      (case when g % 10 <> 0 and n = 1 then 'SUCCESS' else 'CANCELLED' end)::photo_status,
      gen_random_uuid(), 'bench/' || g || '-' || n, 'image/jpeg', 1000, 10, 10, repeat('0', 64), now()
    from generate_series(1, ${MEALS}) g, generate_series(1, 2) n`;
  await sql`insert into food_items (meal_id, photo_id, name, grams, kcal, protein, fat, carbs, source)
    select md5('meal' || g)::uuid, md5('photo' || g || '-1')::uuid, 'Rice', 100, 130, 2.7, 0.3, 28, 'ai'
    from generate_series(1, ${MEALS}) g where g % 10 <> 0`;
  await sql`insert into cancel_events (user_id, client_cancel_id, meal_id, reason, payload, noop,
      cancelled_tasks, updated_photos, duplicate_count, response, created_at)
    select 'bench-user-' || (g % ${USERS} + 1), c.id, case when g % 10 < 7 then c.meal end, c.reason,
      jsonb_build_object('clientCancelId', c.id, 'mealId', c.meal, 'reason', c.reason), g % 10 >= 6,
      case when g % 10 < 6 then 1 + g % 3 else 0 end, case when g % 10 < 6 then 1 + g % 3 else 0 end,
      case when g % 200 = 0 then 1 else 0 end, '{}'::jsonb,
      now() - g * (interval '30 days' / ${CANCEL_EVENTS})
    from generate_series(1, ${CANCEL_EVENTS}) g,
      lateral (select gen_random_uuid() as id, md5('meal' || (g % ${MEALS} + 1))::uuid as meal,
        case when g % 100 < 70 then 'user_cancel' when g % 100 < 85 then 'navigation'
             when g % 100 < 95 then 'cleanup' when g % 100 < 99 then 'meal_deleted' else 'timeout' end
          as reason) c`;
  await sql`insert into operation_events (kind, user_id, meal_id, detail, created_at)
    select (case when g % 3 = 0 then 'race_guard_discard' else 'meal_finalized' end)::operation_kind,
      'bench-user-' || (g % ${USERS} + 1), md5('meal' || (g % ${MEALS} + 1))::uuid,
      case when g % 3 = 0 then '{}'::jsonb
           else jsonb_build_object('status', case when g % 10 = 1 then 'FAILED' else 'COMPLETE' end) end,
      now() - g * (interval '30 days' / ${OPERATION_EVENTS})
    from generate_series(1, ${OPERATION_EVENTS}) g`;
  await sql`analyze`;
  console.log(
    `Seeded ${CANCEL_EVENTS.toLocaleString("en")} cancel events in ${Math.round(performance.now() - started)} ms`,
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main() {
  await seed();
  const { getDb, countStatements, closeDb } = await import("@/db/client");
  const { listCancelEvents } = await import("@/lib/admin/list-cancel-events");
  const { cancelStats } = await import("@/lib/admin/cancel-stats");
  const { integrityReport } = await import("@/lib/admin/integrity-report");
  const { encodeCursor, decodeCursor } = await import("@/lib/admin/cursor");
  await getDb();

  const [deep] = await sql<{ createdAt: string; id: string }[]>`
    select to_json(created_at) #>> '{}' as "createdAt", id from cancel_events
    order by created_at desc, id desc offset ${CANCEL_EVENTS / 2} limit 1`;
  const deepCursor = deep ? (decodeCursor(encodeCursor(deep)) ?? undefined) : undefined;
  const tenDaysAgo = Date.now() - 10 * 86_400_000;
  const hourRange = {
    from: new Date(tenDaysAgo - 3_600_000).toISOString(),
    to: new Date(tenDaysAgo).toISOString(),
  };

  const cases: Array<[string, () => Promise<unknown>]> = [
    ["list: first page (50)", () => listCancelEvents({})],
    ["list: first page (200)", () => listCancelEvents({}, { limit: 200 })],
    ["list: page 500 000 rows deep (cursor)", () => listCancelEvents({}, { cursor: deepCursor })],
    ["list: 1 h time range, 10 days ago", () => listCancelEvents(hourRange)],
    ["list: user id", () => listCancelEvents({ user: "bench-user-42" })],
    ["list: user id, deep cursor", () => listCancelEvents({ user: "bench-user-42" }, { cursor: deepCursor })],
    ["list: email contains", () => listCancelEvents({ user: "bench-42@" })],
    ["list: email contains (matches all)", () => listCancelEvents({ user: "example.com" })],
    ["list: reason timeout (1 %)", () => listCancelEvents({ reason: "timeout" })],
    ["list: noop only", () => listCancelEvents({ noopOnly: true })],
    ["list: meal missing only", () => listCancelEvents({ mealMissingOnly: true })],
    [
      "list: reason + noop + meal missing + user",
      () => listCancelEvents({ reason: "timeout", noopOnly: true, mealMissingOnly: true, user: "bench-7@" }),
    ],
    ["stats: 24 h", () => cancelStats("24h")],
    ["stats: 7 d", () => cancelStats("7d")],
    ["stats: 30 d", () => cancelStats("30d")],
    ["integrity report", () => integrityReport()],
  ];

  const rows: Array<Record<string, string | number>> = [];
  for (const [name, run] of cases) {
    await run(); // warm-up: plans and buffers
    const times: number[] = [];
    let statements = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      statements = (await countStatements(run)).statements;
      times.push(performance.now() - started);
    }
    rows.push({
      case: name,
      "median ms": Number(median(times).toFixed(1)),
      "min ms": Number(Math.min(...times).toFixed(1)),
      "max ms": Number(Math.max(...times).toFixed(1)),
      statements,
    });
  }
  console.log(`\n${CANCEL_EVENTS.toLocaleString("en")} cancel events, median of ${RUNS} runs`);
  console.table(rows);
  await closeDb();
}

try {
  await main();
} finally {
  await sql.end();
  if (throwaway) await server.unsafe(`drop database if exists "${throwaway}" with (force)`);
  await server.end();
}
