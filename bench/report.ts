import type { InProcessReport, LatencyComparison } from "./in-process/protocol";
import type { LoadPoint } from "./measure-http";
import type { benchCancel } from "./scenarios/cancel";
import type { CompanionOutcome } from "./scenarios/companions";
import type { benchDiary } from "./scenarios/diary";
import type { benchPipeline } from "./scenarios/pipeline";
import type { benchUpload } from "./scenarios/upload";
import { round } from "./stats";
import { type Cell, formatTable } from "./table";

/** A scenario's result, or why it failed (the other scenarios still run). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface BenchResults {
  diary: Outcome<Awaited<ReturnType<typeof benchDiary>>>;
  cancel: Outcome<Awaited<ReturnType<typeof benchCancel>>>;
  upload: Outcome<Awaited<ReturnType<typeof benchUpload>>>;
  pipeline: Outcome<Awaited<ReturnType<typeof benchPipeline>>>;
  inProcess: Outcome<InProcessReport>;
  companions: CompanionOutcome[];
}

export interface Goal {
  goal: string;
  measured: string;
  met: boolean;
}

export const HEADER = [
  "benchmark",
  "conns",
  "p50 ms",
  "p95 ms",
  "p99 ms",
  "req/s",
  "×floor",
  "non-2xx",
  "SQL/req",
  "note",
];

const ms = (value: number) => round(value, 1);
const rate = (value: number) => (value >= 100 ? Math.round(value) : round(value, 1));
const ratio = (a: number, b: number) => (b > 0 ? `×${round(a / b, 1)}` : "n/a");
const verdict = (met: boolean) => (met ? "MET" : "NOT MET");

function loadRows(
  name: string,
  points: LoadPoint[],
  sql: Cell,
  notes: (point: LoadPoint) => string = () => "",
  floor: LoadPoint[] = [],
) {
  return points.map((point) => {
    const failures = point.non2xx + point.errors;
    if (point.requests === 0) {
      return [
        name,
        point.connections,
        "-",
        "-",
        "-",
        0,
        "-",
        failures,
        sql,
        "no response completed within a run",
      ];
    }
    return [
      name,
      point.connections,
      ms(point.p50),
      ms(point.p95),
      ms(point.p99),
      rate(point.rps),
      shareOfFloor(point, floor) ?? "-",
      failures,
      sql,
      notes(point),
    ];
  });
}

/** req/s as a share of the floor's at the same connection count, measured in the same runs. */
function shareOfFloor(point: LoadPoint, floor: LoadPoint[]): number | undefined {
  const base = floor.find((candidate) => candidate.connections === point.connections);
  return base && base.rps > 0 ? round(point.rps / base.rps, 2) : undefined;
}

const byConnections = (notes: Record<number, string>) => (point: LoadPoint) => notes[point.connections] ?? "";

const at = (points: LoadPoint[], connections: number) =>
  points.find((point) => point.connections === connections);

/** The product's goals for a 2-core machine with a real Postgres (docs/PERFORMANCE.md). */
export function evaluateGoals(results: BenchResults): Goal[] {
  const goals: Goal[] = [];
  if (results.inProcess.ok) {
    const statements = results.inProcess.value.diary.statements;
    goals.push({
      goal: "diary ≤ 3 SQL statements/request incl. session",
      measured: `${statements}`,
      met: statements <= 3,
    });
  }
  const shareAt16 = (goal: string, points: LoadPoint[], floor: LoadPoint[], minimum: number) => {
    const point = at(points, 16);
    const share = point && shareOfFloor(point, floor);
    if (share !== undefined) goals.push({ goal, measured: `${share}× the floor`, met: share >= minimum });
  };
  if (results.diary.ok) {
    const { diary, floor } = results.diary.value;
    shareAt16("diary ≥ 0.5× the floor's req/s at 16 connections", diary, floor, 0.5);
  }
  if (results.cancel.ok) {
    const { completed, floor } = results.cancel.value;
    shareAt16(
      "cancel (already_completed) ≥ 0.35× the floor's req/s at 16 connections",
      completed,
      floor,
      0.35,
    );
  }
  const p95At16 = (goal: string, points: LoadPoint[], limit: number) => {
    const point = at(points, 16);
    if (point) goals.push({ goal, measured: `${ms(point.p95)} ms`, met: point.p95 < limit });
  };
  if (results.diary.ok) p95At16("diary p95 < 20 ms at 16 connections", results.diary.value.diary, 20);
  if (results.cancel.ok) {
    p95At16("cancel (already_completed) p95 < 25 ms at 16 connections", results.cancel.value.completed, 25);
    p95At16("cancel (in flight) p95 < 25 ms at 16 connections", results.cancel.value.inFlight, 25);
  }
  if (results.pipeline.ok) {
    const p50 = results.pipeline.value.createdToSuccess.p50;
    goals.push({ goal: "pipeline upload → SUCCESS p50 < 40 ms", measured: `${ms(p50)} ms`, met: p50 < 40 });
  }
  return goals;
}

function failedRow(name: string, error: string): Cell[] {
  return [name, "-", "-", "-", "-", "-", "-", "-", "-", `FAILED: ${error.split("\n")[0]?.slice(0, 120)}`];
}

function latencyRows(name: string, comparisons: LatencyComparison[], pick: "ours" | "naive", sql: number) {
  return comparisons.map((comparison) => {
    const { p50, p95 } = comparison[pick];
    const note = pick === "naive" ? `naive/ours p50 ${ratio(p50, comparison.ours.p50)}` : "";
    return [name, comparison.concurrency, ms(p50), ms(p95), "-", "-", "-", "-", sql, note];
  });
}

/** The one table `npm run bench` prints. */
export function buildRows(results: BenchResults, goals: Goal[]): Cell[][] {
  const rows: Cell[][] = [];
  const goalNote = (prefix: string) => {
    const goal = goals.find((candidate) => candidate.goal.startsWith(prefix));
    return goal ? `${verdict(goal.met)}: ${goal.goal}` : "";
  };
  const inProcess = results.inProcess.ok ? results.inProcess.value : undefined;

  if (results.diary.ok) {
    const { floor, diary } = results.diary.value;
    rows.push(
      ...loadRows(
        "floor: no cookie → 401",
        floor,
        inProcess?.diaryWithoutCookie.statements ?? "?",
        (point) => {
          const measured = at(diary, point.connections);
          return `401s expected; diary/floor p50 ${measured ? ratio(measured.p50, point.p50) : "n/a"}`;
        },
        floor,
      ),
      ...loadRows(
        "diary GET /api/meals",
        diary,
        inProcess?.diary.statements ?? "?",
        byConnections({ 1: goalNote("diary ≤"), 16: goalNote("diary ≥") }),
        floor,
      ),
    );
  } else rows.push(failedRow("diary GET /api/meals", results.diary.error));

  if (results.cancel.ok) {
    const { floor, completed, inFlight, inFlightHitRate, completedMealsRewritten } = results.cancel.value;
    rows.push(
      ...loadRows("floor (beside the cancels)", floor, 0, () => "", floor),
      ...loadRows(
        "cancel: already_completed",
        completed,
        inProcess?.cancelCompleted.statements ?? "?",
        byConnections({
          1: goalNote("cancel (already_completed) p95"),
          16: goalNote("cancel (already_completed) ≥"),
          64: `${completedMealsRewritten} COMPLETE meal rows rewritten`,
        }),
        floor,
      ),
      ...loadRows(
        "cancel: in flight",
        inFlight,
        inProcess?.cancelInFlight.statements ?? "?",
        byConnections({
          1: `${Math.round(inFlightHitRate * 100)}% really cancelled`,
          16: goalNote("cancel (in flight)"),
        }),
        floor,
      ),
    );
  } else rows.push(failedRow("cancel POST /api/ai/cancel", results.cancel.error));

  if (results.upload.ok) {
    const { phone, browser } = results.upload.value;
    rows.push(...loadRows("upload: phone 4032px ~3MB", phone, "-"));
    rows.push(
      ...loadRows("upload: browser 1600px", browser, "-", (point) => {
        const full = at(phone, point.connections);
        return full
          ? `phone/browser p50 ${ratio(full.p50, point.p50)}, req/s ${ratio(point.rps, full.rps)}`
          : "";
      }),
    );
  } else rows.push(failedRow("upload POST /api/meals/:id/photos", results.upload.error));

  if (results.pipeline.ok) {
    const pipeline = results.pipeline.value;
    const stage = (name: string, summary: { p50: number; p95: number; p99: number }, note = "") => [
      name,
      "-",
      ms(summary.p50),
      ms(summary.p95),
      ms(summary.p99),
      "-",
      "-",
      "-",
      "-",
      note,
    ];
    rows.push(
      stage("pipeline: created → SUCCESS (DB)", pipeline.createdToSuccess, goalNote("pipeline")),
      stage("  created → PROCESSING", pipeline.createdToProcessing),
      stage("  PROCESSING → SUCCESS", pipeline.processingToSuccess),
      stage("  created → 201 answered", pipeline.createdToAnswered),
      stage("  201 → SUCCESS seen (5 ms poll)", pipeline.answeredToSeen),
      stage(
        "  meal: 1st upload → COMPLETE",
        pipeline.mealUploadToComplete,
        `${pipeline.meals} meals × 3 photos`,
      ),
    );
  } else rows.push(failedRow("pipeline", results.pipeline.error));

  if (results.inProcess.ok) {
    const { diaryDomain, diaryLatency } = results.inProcess.value;
    const { ours, naive, sameTotals } = diaryDomain;
    rows.push(
      ...latencyRows("diary in-process: ours", diaryLatency, "ours", ours.statements),
      ...latencyRows("diary in-process: naive N+1", diaryLatency, "naive", naive.statements),
    );
    if (!sameTotals) rows.push(failedRow("naive baseline", "its totals differ from the diary's"));
    const image = results.inProcess.value.processImageMs;
    const imageRow = (name: string, value: number, libjpeg: number) => {
      const note = `mozjpeg; with libjpeg ${ms(libjpeg)} ms (${ratio(value, libjpeg)})`;
      return [name, "-", ms(value), "-", "-", "-", "-", "-", "-", note];
    };
    rows.push(
      imageRow("processImage in-process: phone", image.phone, image.phoneLibjpeg),
      imageRow("processImage in-process: browser", image.browser, image.browserLibjpeg),
    );
  } else rows.push(failedRow("in-process statements/baseline", results.inProcess.error));

  for (const companion of results.companions) {
    rows.push([
      companion.script,
      "-",
      "-",
      "-",
      "-",
      "-",
      "-",
      "-",
      "-",
      `${companion.status} (output below)`,
    ]);
  }
  return rows;
}

export function renderTable(results: BenchResults, goals: Goal[]): string {
  return formatTable(HEADER, buildRows(results, goals));
}
