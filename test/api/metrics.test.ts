import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/metrics/route";
import { reloadConfig } from "@/lib/config";
import { startLocalExecutor } from "@/lib/jobs/local-executor";
import { saveRecognition } from "@/lib/photos/save-recognition";
import { consumeLimit } from "@/lib/rate-limit/consume-limit";
import { signUp, type TestUser } from "@/test/app-client";
import { eventually, startJobs } from "@/test/jobs";
import { uploadPhoto } from "@/test/meal-flow";
import { seedMeal, seedPhoto } from "@/test/seed";

const TOKEN = "metrics-token-for-tests-0123456789";

function scrape(authorization?: string): Promise<Response> {
  const headers = authorization ? { authorization } : undefined;
  return GET(new Request("http://localhost:3000/metrics", { headers }), { params: Promise.resolve({}) });
}

type Samples = Map<string, number>;

/**
 * The Prometheus text exposition format, read line by line: `# HELP`/`# TYPE` comments, then
 * `name{label="value",…} number`. Every sample must parse; a key is the name with its labels sorted.
 */
function parsePrometheusText(text: string): { samples: Samples; types: Map<string, string> } {
  const samples: Samples = new Map();
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type?.[1] && type[2]) types.set(type[1], type[2]);
    if (line.startsWith("#")) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample?.[1] || sample[3] === undefined) throw new Error(`not a Prometheus sample: ${line}`);
    const labels = [...(sample[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, name, value]) => `${name}=${value}`)
      .sort();
    const value = Number(sample[3]);
    if (Number.isNaN(value) && sample[3] !== "NaN") throw new Error(`not a number: ${line}`);
    samples.set(`${sample[1]}{${labels.join(",")}}`, value);
  }
  return { samples, types };
}

async function scrapeSamples(): Promise<{ samples: Samples; types: Map<string, string> }> {
  const response = await scrape(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

const value = (samples: Samples, key: string) => samples.get(key) ?? 0;

describe("GET /metrics without METRICS_TOKEN", () => {
  it("answers 404: the endpoint does not exist", async () => {
    delete process.env.METRICS_TOKEN;
    reloadConfig();
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
  });
});

describe("GET /metrics with METRICS_TOKEN", () => {
  let user: TestUser;

  beforeAll(async () => {
    process.env.METRICS_TOKEN = TOKEN;
    reloadConfig();
    user = await signUp("Metrics");
  });

  afterAll(() => {
    delete process.env.METRICS_TOKEN;
    reloadConfig();
  });

  it("answers 401 without the token or with another one", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(TOKEN)).status).toBe(401);
  });

  it("serves Prometheus text with every metric typed", async () => {
    const { types } = await scrapeSamples();
    expect(Object.fromEntries(types)).toMatchObject({
      mealsnap_http_requests_total: "counter",
      mealsnap_http_request_duration_seconds: "histogram",
      mealsnap_cancel_requests_total: "counter",
      mealsnap_rate_limit_refusals_total: "counter",
      mealsnap_recognition_duration_seconds: "histogram",
      mealsnap_recognition_failures_total: "counter",
      mealsnap_photos: "gauge",
      mealsnap_photos_stuck: "gauge",
      mealsnap_race_guard_discards: "gauge",
      mealsnap_cancel_duplicates: "gauge",
      mealsnap_job_outbox_pending: "gauge",
      mealsnap_integrity_alarm_firing: "gauge",
      mealsnap_job_outbox_oldest_pending_seconds: "gauge",
    });
  });

  it("moves the cancel, duplicate and request counters after a cancel and its repeat", async () => {
    const before = (await scrapeSamples()).samples;
    const body = { clientCancelId: randomUUID(), mealId: randomUUID(), reason: "navigation" };
    expect((await user.client.post("/api/ai/cancel", body)).status).toBe(200);
    expect((await user.client.post("/api/ai/cancel", body)).status).toBe(200);
    const after = (await scrapeSamples()).samples;

    const cancels = (duplicate: boolean) =>
      `mealsnap_cancel_requests_total{duplicate=${duplicate},reason=navigation,status=noop}`;
    expect(value(after, cancels(false)) - value(before, cancels(false))).toBe(1);
    expect(value(after, cancels(true)) - value(before, cancels(true))).toBe(1);
    expect(value(after, "mealsnap_cancel_duplicates{}") - value(before, "mealsnap_cancel_duplicates{}")).toBe(
      1,
    );
    expect(
      value(after, "mealsnap_cancel_events{noop=true}") - value(before, "mealsnap_cancel_events{noop=true}"),
    ).toBe(1);
    const requests = "mealsnap_http_requests_total{method=POST,route=/api/ai/cancel,status=200}";
    expect(value(after, requests) - value(before, requests)).toBe(2);
    const latency =
      "mealsnap_http_request_duration_seconds_count{method=POST,route=/api/ai/cancel,status=200}";
    expect(value(after, latency) - value(before, latency)).toBe(2);
  });

  it("labels ids in paths as :id, so series do not grow with rows", async () => {
    const meal = await seedMeal(user.id, { date: "2026-05-04", status: "PROCESSING" });
    expect((await user.client.get(`/api/meals/${meal.id}`)).status).toBe(200);
    const { samples } = await scrapeSamples();
    expect(value(samples, "mealsnap_http_requests_total{method=GET,route=/api/meals/:id,status=200}")).toBe(
      1,
    );
    expect([...samples.keys()].some((key) => key.includes(meal.id))).toBe(false);
  });

  it("moves the race-guard discard count and the photos by status after a discard", async () => {
    const before = (await scrapeSamples()).samples;
    const meal = await seedMeal(user.id, { date: "2026-05-04", status: "FAILED" });
    const photo = await seedPhoto(user.id, meal.id, "CANCELLED");
    const item = { name: "Rice", grams: 100, kcal: 130, protein: 3, fat: 0, carbs: 28, confidence: 0.9 };
    await saveRecognition(photo.id, 1, [item]);
    const after = (await scrapeSamples()).samples;
    const discards = "mealsnap_race_guard_discards{}";
    expect(value(after, discards) - value(before, discards)).toBe(1);
    const cancelled = "mealsnap_photos{status=CANCELLED}";
    expect(value(after, cancelled) - value(before, cancelled)).toBe(1);
  });

  it("reports the embedded executor's queue depth: runs started and runs waiting for a concurrency slot", async () => {
    startLocalExecutor(async () => startJobs());
    const idle = (await scrapeSamples()).samples;
    expect(value(idle, "mealsnap_executor_runs{state=running}")).toBe(0);
    // Slow recognitions: the user's first RECOGNITION_CONCURRENCY_PER_USER (2) runs hold their
    // slots while a third waits.
    process.env.DEMO_RECOGNITION_LATENCY_MS = "20000";
    reloadConfig();
    try {
      const meal = await user.client.createMeal();
      for (let i = 0; i < 3; i++) await uploadPhoto(user, meal.id);
      const depth = await eventually(async () => {
        const { samples } = await scrapeSamples();
        const running = value(samples, "mealsnap_executor_runs{state=running}");
        const queued = value(samples, "mealsnap_executor_runs{state=queued}");
        return running === 2 && queued === 1 ? { running, queued } : undefined;
      });
      expect(depth).toEqual({ running: 2, queued: 1 });
    } finally {
      process.env.DEMO_RECOGNITION_LATENCY_MS = "0";
      reloadConfig();
    }
  });

  it("counts rate-limit refusals by limit, not by who hit it", async () => {
    const key = `upload:${user.id}`;
    await consumeLimit(key, 1);
    await expect(consumeLimit(key, 1)).rejects.toMatchObject({ status: 429 });
    const { samples } = await scrapeSamples();
    expect(value(samples, "mealsnap_rate_limit_refusals_total{limit=upload}")).toBe(1);
  });
});
