import { describe, expect, it } from "vitest";
import { signUp } from "@/test/app-client";
import { runRaceFuzz } from "./race-fuzz";

// A short run in every test command; `npx tsx scripts/fuzz.ts` runs the long one.
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

describe("race fuzzing", () => {
  it(`keeps every invariant over random interleavings (seed ${seed})`, async () => {
    const users = await Promise.all([signUp(), signUp()]);
    const onPostgres = Boolean(process.env.TEST_POSTGRES_URL);
    const report = await runRaceFuzz({
      seed,
      rounds: onPostgres ? 25 : 10,
      workers: onPostgres ? 6 : 3,
      opsPerWorker: 8,
      userIds: users.map((user) => user.id),
    });
    const total = Object.values(report.operations).reduce((sum, count) => sum + count, 0);
    expect(total).toBe((onPostgres ? 25 * 6 : 10 * 3) * 8);
    expect(report.operations.cancel).toBeGreaterThan(0);
    expect(report.operations.replay).toBeGreaterThan(0);
    expect(report.operations.crash).toBeGreaterThan(0);
  }, 300_000);
});
