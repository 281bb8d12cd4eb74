import { createHash, randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Sql } from "postgres";

/** Every bench user signs in with this password (the seeded ones share the heavy user's hash). */
export const BENCH_PASSWORD = "bench-password-1";
export const HISTORY_DAYS = 730;
const MEALS_PER_DAY = 4;
const ORDINARY_USERS = 1000;
const ORDINARY_DAYS = 2;
const ORDINARY_MEALS_PER_DAY = 2;
const SEED_PHOTO_KEY = "photos/bench/seed.jpg";

export interface BenchUser {
  id: string;
  email: string;
  /** The session token and the session cache's cookie, as a browser sends them (kept fresh, see below). */
  cookie: string;
}

const SESSION_COOKIES = ["better-auth.session_token=", "better-auth.session_data="];

function sessionCookies(response: Response): string[] {
  return response.headers
    .getSetCookie()
    .filter((value) => SESSION_COOKIES.some((name) => value.startsWith(name)))
    .map((value) => value.split(";")[0] ?? "");
}

/**
 * Renews `user.cookie`'s session cache (one session lookup) every `everyMs`, shorter than the
 * server's SESSION_CACHE_SECONDS, as a browser's is renewed by its first request after expiry: the
 * load then measures requests served from the cache, as nearly all of a real client's are.
 */
export function renewSessionCache(baseUrl: string, user: BenchUser, everyMs = 10_000): () => void {
  const token = user.cookie.split("; ")[0] ?? "";
  const timer = setInterval(() => {
    fetch(`${baseUrl}/api/auth/get-session`, { headers: { cookie: token, origin: baseUrl } })
      .then((response) => {
        const cache = sessionCookies(response).find((value) => value.startsWith(SESSION_COOKIES[1] ?? ""));
        if (cache) user.cookie = `${token}; ${cache}`;
      })
      .catch(() => {});
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** A real better-auth user, signed up over HTTP; returns its session cookie. */
export async function signUp(baseUrl: string, label: string): Promise<BenchUser> {
  const email = `${label}-${randomUUID().slice(0, 8)}@bench.example`;
  const response = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password: BENCH_PASSWORD, name: label }),
  });
  if (response.status !== 200)
    throw new Error(`sign-up answered ${response.status}: ${await response.text()}`);
  const { user } = (await response.json()) as { user: { id: string } };
  const cookies = sessionCookies(response);
  if (!cookies[0]?.startsWith(SESSION_COOKIES[0] ?? "")) throw new Error("sign-up set no session cookie");
  return { id: user.id, email, cookie: cookies.join("; ") };
}

interface SeedPhoto {
  key: string;
  bytes: number;
  sha256: string;
}

/** Stores the one small JPEG every seeded photo row points at. */
async function storeSeedPhoto(storageDir: string, jpeg: Buffer): Promise<SeedPhoto> {
  const file = path.join(storageDir, SEED_PHOTO_KEY);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, jpeg);
  return {
    key: SEED_PHOTO_KEY,
    bytes: jpeg.byteLength,
    sha256: createHash("sha256").update(jpeg).digest("hex"),
  };
}

/**
 * COMPLETE meals for `days` days up to today, `mealsPerDay` a day (breakfast, lunch, …), each
 * with three SUCCESS photos and four AI items (two on the first photo, one on each other).
 */
async function seedHistory(sql: Sql, userIds: string[], days: number, mealsPerDay: number, photo: SeedPhoto) {
  await sql`
    insert into meals (user_id, date, meal_type, status, client_request_id, created_at, updated_at, finalized_at)
    select u.id, d.day::date, (enum_range(null::meal_type))[k], 'COMPLETE', gen_random_uuid(), t.at, t.at, t.at
    from unnest(${userIds}::text[]) u(id)
    cross join generate_series(current_date - ${days - 1}::int, current_date, interval '1 day') d(day)
    cross join generate_series(1, ${mealsPerDay}::int) k
    cross join lateral (select d.day + make_interval(hours => 3 + 4 * k)) t(at)`;
  await sql`
    insert into meal_photos (meal_id, user_id, status, client_upload_id, storage_key, mime, bytes, width,
      height, sha256, processing_started_at, finished_at, created_at, updated_at)
    select m.id, m.user_id, 'SUCCESS', gen_random_uuid(), ${photo.key}, 'image/jpeg', ${photo.bytes}, 640, 480,
      ${photo.sha256}, m.created_at + make_interval(secs => p), m.created_at + make_interval(secs => p + 2),
      m.created_at + make_interval(secs => p), m.created_at + make_interval(secs => p + 2)
    from meals m cross join generate_series(1, 3) p
    where m.user_id = any(${userIds}::text[])`;
  await sql`
    insert into food_items (meal_id, photo_id, name, grams, kcal, protein, fat, carbs, confidence, source, created_at)
    select ph.meal_id, ph.id, (array['oatmeal', 'chicken breast', 'rice', 'salad', 'apple', 'yogurt'])[1 + (i + ph.rn) % 6],
      100 + floor(random() * 200), 80 + floor(random() * 400), floor(random() * 40), floor(random() * 25),
      floor(random() * 60), 0.9, 'ai', ph.finished_at
    from (select id, meal_id, finished_at, row_number() over (partition by meal_id order by created_at)::int rn
          from meal_photos where user_id = any(${userIds}::text[])) ph
    cross join lateral generate_series(1, case when ph.rn = 1 then 2 else 1 end) i`;
}

/** Ordinary users inserted straight into better-auth's tables, sharing the heavy user's password hash. */
async function seedOrdinaryUsers(sql: Sql, heavyUserId: string, count: number): Promise<string[]> {
  const tag = Date.now().toString(36);
  const users = await sql<{ id: string }[]>`
    insert into users (id, name, email, email_verified, role)
    select 'bench-' || ${tag} || '-' || g, 'Bench user ' || g, 'bench-' || ${tag} || '-' || g || '@bench.example', false, 'user'
    from generate_series(1, ${count}::int) g
    returning id`;
  await sql`
    insert into accounts (id, account_id, provider_id, user_id, password)
    select 'account-' || u.id, u.id, 'credential', u.id, a.password
    from unnest(${users.map((user) => user.id)}::text[]) u(id)
    cross join (select password from accounts where user_id = ${heavyUserId} and provider_id = 'credential') a`;
  return users.map((user) => user.id);
}

/** Audit history for the admin pages: `count` cancels spread over every user and two years. */
async function seedCancelEvents(sql: Sql, count: number) {
  await sql`
    insert into cancel_events (user_id, client_cancel_id, meal_id, reason, payload, noop, cancelled_tasks,
      updated_photos, response, created_at)
    select u.ids[1 + s.g % array_length(u.ids, 1)], s.cancel_id, null, s.reason,
      jsonb_build_object('clientCancelId', s.cancel_id, 'mealId', gen_random_uuid(), 'reason', s.reason),
      s.g % 5 <> 0, case when s.g % 5 = 0 then 2 else 0 end, case when s.g % 5 = 0 then 2 else 0 end,
      jsonb_build_object('status', case when s.g % 5 = 0 then 'cancelled' else 'noop' end),
      now() - random() * interval '730 days'
    from (select array_agg(id) ids from users) u,
      (select g, gen_random_uuid() cancel_id,
              (array['user_cancel', 'cleanup', 'navigation', 'timeout'])[1 + g % 4] reason
       from generate_series(1, ${count}::int) g) s`;
}

export interface SeedOptions {
  heavyUserId: string;
  storageDir: string;
  seedJpeg: Buffer;
  cancelEvents: number;
}

/** The benchmark dataset; answers the row counts and how long each part took (ms). */
export async function seedDataset(sql: Sql, options: SeedOptions) {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await step();
    timings[name] = Math.round(performance.now() - started);
    return result;
  };
  const photo = await storeSeedPhoto(options.storageDir, options.seedJpeg);
  await sql`insert into daily_goals (user_id, kcal, protein, fat, carbs)
            values (${options.heavyUserId}, 2200, 120, 70, 250)`;
  await timed("heavyHistory", () =>
    seedHistory(sql, [options.heavyUserId], HISTORY_DAYS, MEALS_PER_DAY, photo),
  );
  const ordinary = await timed("ordinaryUsers", () =>
    seedOrdinaryUsers(sql, options.heavyUserId, ORDINARY_USERS),
  );
  await timed("ordinaryHistory", () =>
    seedHistory(sql, ordinary, ORDINARY_DAYS, ORDINARY_MEALS_PER_DAY, photo),
  );
  if (options.cancelEvents > 0)
    await timed("cancelEvents", () => seedCancelEvents(sql, options.cancelEvents));
  await timed("analyze", () => sql`analyze`);
  const [counts] = await sql<Record<string, number>[]>`
    select (select count(*)::int from users) users, (select count(*)::int from meals) meals,
      (select count(*)::int from meal_photos) photos, (select count(*)::int from food_items) items,
      (select count(*)::int from cancel_events) cancel_events`;
  return { counts, timings };
}
