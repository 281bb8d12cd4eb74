import { describe, expect, it } from "vitest";
import { signUp } from "@/test/app-client";
import { onRealPostgres } from "@/test/meal-locks";
import { runRaceFuzz } from "./race-fuzz";

// A short run in every test command; `npm run fuzz` runs the long one.
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

describe.skipIf(!onRealPostgres(import.meta.filename))("race fuzzing", () => {
  it(`keeps every invariant over random interleavings, each race won by both sides (seed ${seed})`, async () => {
    const users = await Promise.all([signUp(), signUp()]);
    const report = await runRaceFuzz({
      seed,
      rounds: 25,
      workers: 6,
      opsPerWorker: 8,
      userIds: users.map((user) => user.id),
    });
    const total = Object.values(report.operations).reduce((sum, count) => sum + count, 0);
    expect(total).toBe(25 * 6 * 8);
    for (const [race, orders] of Object.entries(report.races)) {
      for (const [order, count] of Object.entries(orders)) {
        expect(count, `${race}: ${order} never happened (seed ${seed})`).toBeGreaterThan(0);
      }
    }
    expect(report.operations.replay).toBeGreaterThan(0);
    expect(report.operations.crash).toBeGreaterThan(0);
  }, 300_000);
});
