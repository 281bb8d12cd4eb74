/**
 * Runs in its own process (bench/scenarios/in-process.ts starts it) against the bench database:
 * SQL statements per request, counted by the app's own counter (`countStatements`, db/client.ts)
 * around the real route handlers called the way test/app-client.ts does, and the diary against
 * the naive per-meal baseline, in process. Prints one JSON line (InProcessReport).
 */
import "../server-only";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { naiveDiary } from "../baselines/naive-diary";
import { latencySummary, median } from "../stats";
import type { ImageCost, InProcessInput, InProcessReport, LatencyComparison, TracedCall } from "./protocol";

const input = JSON.parse(process.env.BENCH_IN_PROCESS_INPUT ?? "") as InProcessInput;
const { countStatements, getDb, closeDb } = await import("@/db/client");
const { dispatch, BASE_URL } = await import("@/test/app-client");
const { getDiary } = await import("@/lib/meals/get-diary");
const { processImage, MAX_STORED_SIDE } = await import("@/lib/photos/process-image");
const { config } = await import("@/lib/config");
const db = await getDb();

// The statements' text, for the report: drizzle hands every query to the logger the app's counter
// uses; wrap that same logger object (bench-only introspection, one query at a time).
const recorded: string[] = [];
const logger = (
  db as unknown as { session: { logger: { logQuery: (query: string, params: unknown[]) => void } } }
).session.logger;
const logQuery = logger.logQuery.bind(logger);
logger.logQuery = (query, params) => {
  recorded.push(query.replace(/\s+/g, " ").slice(0, 200));
  logQuery(query, params);
};

async function traced<T>(call: () => Promise<T>): Promise<{ result: T; statements: number; sql: string[] }> {
  recorded.length = 0;
  const { result, statements } = await countStatements(call);
  return { result, statements, sql: [...recorded] };
}

async function tracedRequest(
  path: string,
  init: RequestInit = {},
  cookie = input.cookie,
): Promise<TracedCall> {
  const headers = new Headers(init.headers);
  if (cookie) headers.set("cookie", cookie);
  const { result, statements, sql } = await traced(async () => {
    const response = await dispatch(new Request(`${BASE_URL}${path}`, { ...init, headers }));
    return { status: response.status, body: await response.text() };
  });
  return { status: result.status, statements, sql, answer: result.body.slice(0, 300) };
}

const cancel = (mealId: string) =>
  tracedRequest("/api/ai/cancel", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ clientCancelId: randomUUID(), mealId }),
  });

async function timeCalls(call: (i: number) => Promise<unknown>, iterations: number, concurrency: number) {
  const samples: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < iterations) {
      const i = next++;
      const started = performance.now();
      await call(i);
      samples.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return samples;
}

/** Ours and the naive loader on the same dates, in alternating rounds so noise hits both alike. */
async function compareLatency(concurrency: number): Promise<LatencyComparison> {
  const dateOf = (i: number) => input.dates[i % input.dates.length] ?? "";
  const ours: number[] = [];
  const naive: number[] = [];
  const rounds = 5;
  for (let round = 0; round < rounds; round++) {
    const batch = Math.ceil(input.iterations / rounds);
    ours.push(...(await timeCalls((i) => getDiary(input.userId, dateOf(i)), batch, concurrency)));
    naive.push(...(await timeCalls((i) => naiveDiary(db, input.userId, dateOf(i)), batch, concurrency)));
  }
  const summary = (samples: number[]) => {
    const { p50, p95 } = latencySummary(samples);
    return { p50, p95 };
  };
  return { concurrency, ours: summary(ours), naive: summary(naive) };
}

/** processImage's resize with plain libjpeg instead of mozjpeg: how much of its time mozjpeg is. */
function libjpegProbe(bytes: Buffer) {
  return sharp(bytes)
    .rotate()
    .resize({ width: MAX_STORED_SIDE, height: MAX_STORED_SIDE, fit: "inside", withoutEnlargement: true })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** The upload's server-side image work alone, every variant in turn, median of 7 after a warm-up. */
async function imageCost(): Promise<ImageCost> {
  const phone = await readFile(input.images.phone);
  const browser = await readFile(input.images.browser);
  const maxPixels = config().MAX_IMAGE_PIXELS;
  const variants: Record<keyof ImageCost, () => Promise<unknown>> = {
    phone: () => processImage(phone, maxPixels),
    browser: () => processImage(browser, maxPixels),
    phoneLibjpeg: () => libjpegProbe(phone),
    browserLibjpeg: () => libjpegProbe(browser),
  };
  const samples = { phone: [], browser: [], phoneLibjpeg: [], browserLibjpeg: [] } as Record<
    keyof ImageCost,
    number[]
  >;
  for (let round = 0; round < 8; round++) {
    for (const [name, run] of Object.entries(variants) as [keyof ImageCost, () => Promise<unknown>][]) {
      const started = performance.now();
      await run();
      if (round > 0) samples[name].push(performance.now() - started);
    }
  }
  return {
    phone: median(samples.phone),
    browser: median(samples.browser),
    phoneLibjpeg: median(samples.phoneLibjpeg),
    browserLibjpeg: median(samples.browserLibjpeg),
  };
}

const [firstDate = ""] = input.dates;
const diary = await tracedRequest(`/api/meals?date=${firstDate}`);
const diaryStatementsPerDate: number[] = [];
for (const date of input.dates.slice(0, 10)) {
  diaryStatementsPerDate.push((await tracedRequest(`/api/meals?date=${date}`)).statements);
}
const ours = await traced(() => getDiary(input.userId, firstDate));
const naive = await traced(() => naiveDiary(db, input.userId, firstDate));
await timeCalls((i) => getDiary(input.userId, input.dates[i % input.dates.length] ?? ""), 50, 4); // warm-up

const report: InProcessReport = {
  diary,
  diaryWithoutCookie: await tracedRequest(`/api/meals?date=${firstDate}`, {}, ""),
  diaryStatementsPerDate,
  cancelCompleted: await cancel(input.completedMealId),
  cancelInFlight: await cancel(input.inFlightMealId),
  diaryDomain: {
    ours: { status: 200, statements: ours.statements, sql: ours.sql },
    naive: { status: 200, statements: naive.statements, sql: naive.sql },
    sameTotals: JSON.stringify(ours.result.totals) === JSON.stringify(naive.result.totals),
  },
  diaryLatency: [await compareLatency(1), await compareLatency(16)],
  processImageMs: await imageCost(),
};
await closeDb();
console.log(JSON.stringify(report));
process.exit(0);
