import { describe, expect, it } from "vitest";
import { signUp } from "@/test/app-client";
import { onRealPostgres } from "@/test/meal-locks";
import { type FuzzReport, runRaceFuzz } from "./race-fuzz";

// A short run in every test command; `npm run fuzz` runs the long one.
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const ROUNDS = 25;
const WORKERS = 6;
const OPS_PER_WORKER = 8;
// Which side of a race wins is up to timing: a short run may miss a rarer order, so runs go on
// (seed + 1, + 2, …) until every order has been seen, up to this many; every run checks every invariant.
const MAX_RUNS = 6;

const unseenOrders = (reports: FuzzReport[]) =>
  Object.entries(reports[0]?.races ?? {}).flatMap(([race, orders]) =>
    Object.keys(orders)
      .filter((order) =>
        reports.every(
          (report) =>
            (report.races as unknown as Record<string, Record<string, number>>)[race]?.[order] === 0,
        ),
      )
      .map((order) => `${race}: ${order}`),
  );

describe.skipIf(!onRealPostgres(import.meta.filename))("race fuzzing", () => {
  it(`keeps every invariant over random interleavings, each race won by both sides (seed ${seed})`, async () => {
    const users = await Promise.all([signUp(), signUp()]);
    const reports: FuzzReport[] = [];
    do {
      const report = await runRaceFuzz({
        seed: seed + reports.length,
        rounds: ROUNDS,
        workers: WORKERS,
        opsPerWorker: OPS_PER_WORKER,
        userIds: users.map((user) => user.id),
      });
      const total = Object.values(report.operations).reduce((sum, count) => sum + count, 0);
      expect(total).toBe(ROUNDS * WORKERS * OPS_PER_WORKER);
      reports.push(report);
    } while (unseenOrders(reports).length > 0 && reports.length < MAX_RUNS);
    expect(unseenOrders(reports), `orders never seen in ${reports.length} runs from seed ${seed}`).toEqual(
      [],
    );
    expect(reports.some((report) => (report.operations.replay ?? 0) > 0)).toBe(true);
    expect(reports.some((report) => (report.operations.crash ?? 0) > 0)).toBe(true);
  }, 900_000);
});
