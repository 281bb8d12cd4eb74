import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countStatements, getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { signUp, type TestUser } from "@/test/app-client";
import { agePhoto, seedCancelEvents, seedMeal, seedOperationEvent, seedPhoto } from "@/test/seed";
import { cancelStats } from "./cancel-stats";

// The window ends at NOW: 24 h covers 2026-04-01T10:30Z .. 2026-04-02T10:30Z, 25 UTC hours.
const NOW = new Date("2026-04-02T10:30:00Z");
const at = (iso: string) => new Date(iso);

let alice: TestUser;

beforeAll(async () => {
  alice = await signUp("Alice");
  await seedCancelEvents(alice.id, [
    // Inside the window.
    { createdAt: at("2026-04-01T10:45:00Z"), noop: true },
    { createdAt: at("2026-04-01T10:50:00Z"), updatedPhotos: 3, cancelledTasks: 3, duplicateCount: 1 },
    { createdAt: at("2026-04-02T09:00:00Z"), updatedPhotos: 1, cancelledTasks: 1 },
    { createdAt: at("2026-04-02T09:59:59Z"), noop: true, duplicateCount: 2 },
    { createdAt: at("2026-04-02T10:30:00Z"), updatedPhotos: 2, cancelledTasks: 2 },
    // Outside: just before the window, and after its end.
    { createdAt: at("2026-04-01T10:29:59Z"), noop: true, duplicateCount: 5 },
    { createdAt: at("2026-04-02T10:31:00Z"), updatedPhotos: 9 },
    // Inside the 7 d window only.
    { createdAt: at("2026-03-28T00:00:00Z"), noop: true },
  ]);
  for (const [kind, iso, status] of [
    ["race_guard_discard", "2026-04-01T12:00:00Z", undefined],
    ["race_guard_discard", "2026-04-02T08:00:00Z", undefined],
    ["race_guard_discard", "2026-03-30T08:00:00Z", undefined],
    ["meal_finalized", "2026-04-01T11:00:00Z", "COMPLETE"],
    ["meal_finalized", "2026-04-01T12:00:00Z", "COMPLETE"],
    ["meal_finalized", "2026-04-02T07:00:00Z", "FAILED"],
    ["meal_finalized", "2026-03-20T07:00:00Z", "FAILED"],
  ] as const) {
    await seedOperationEvent(kind, { createdAt: at(iso), status });
  }
  // One photo stuck past the timeout, one in flight for a moment only, one settled long ago.
  const meal = await seedMeal(alice.id, { date: "2026-04-02", status: "PROCESSING" });
  const stuck = await seedPhoto(alice.id, meal.id, "PROCESSING");
  await agePhoto(stuck.id, 3600);
  await seedPhoto(alice.id, meal.id, "PENDING");
  const done = await seedPhoto(alice.id, meal.id, "SUCCESS");
  await agePhoto(done.id, 3600);
});

describe("cancelStats", () => {
  it("computes the runbook's figures for the last 24 h", async () => {
    const stats = await cancelStats("24h", NOW);
    expect(stats).toMatchObject({
      window: "24h",
      from: "2026-04-01T10:30:00.000Z",
      to: "2026-04-02T10:30:00.000Z",
      cancels: 5,
      duplicates: 3,
      raceGuardDiscards: 2,
      mealsFinalized: { complete: 2, failed: 1 },
      stuckPhotos: 1,
    });
    expect(stats.noopRate).toBeCloseTo(2 / 5);
    expect(stats.duplicateRate).toBeCloseTo(3 / (5 + 3));
    expect(stats.averageUpdatedPhotos).toBeCloseTo(6 / 5);
  });

  it("has one point per UTC hour, zeros in empty hours", async () => {
    const { hourly } = await cancelStats("24h", NOW);
    expect(hourly).toHaveLength(25);
    expect(hourly[0]).toEqual({
      hour: expect.stringMatching(/^2026-04-01T10:00:00/),
      cancels: 2,
      noopRate: 0.5,
    });
    expect(hourly[1]).toEqual({
      hour: expect.stringMatching(/^2026-04-01T11:00:00/),
      cancels: 0,
      noopRate: null,
    });
    expect(hourly.at(-2)).toEqual({
      hour: expect.stringMatching(/^2026-04-02T09:00:00/),
      cancels: 2,
      noopRate: 0.5,
    });
    expect(hourly.at(-1)).toEqual({
      hour: expect.stringMatching(/^2026-04-02T10:00:00/),
      cancels: 1,
      noopRate: 0,
    });
    expect(hourly.reduce((sum, point) => sum + point.cancels, 0)).toBe(5);
  });

  it("widens to 7 d", async () => {
    const stats = await cancelStats("7d", NOW);
    expect(stats).toMatchObject({ cancels: 7, duplicates: 8, raceGuardDiscards: 3 });
    expect(stats.mealsFinalized).toEqual({ complete: 2, failed: 1 });
    expect(stats.hourly).toHaveLength(7 * 24 + 1);
    expect(stats.noopRate).toBeCloseTo(4 / 7);
  });

  it("answers nulls, not NaN, for the rates of an empty window", async () => {
    const stats = await cancelStats("24h", new Date("2025-01-01T00:00:00Z"));
    expect(stats).toMatchObject({
      cancels: 0,
      noopRate: null,
      duplicateRate: null,
      averageUpdatedPhotos: null,
    });
    expect(stats.hourly.every((point) => point.cancels === 0 && point.noopRate === null)).toBe(true);
  });

  it("uses three SQL statements whatever the window", async () => {
    for (const window of ["24h", "30d"] as const) {
      expect((await countStatements(() => cancelStats(window, NOW))).statements).toBe(3);
    }
  });

  it("keeps the hourly rollup equal to the events through inserts, repeats and deletions", async () => {
    const db = await getDb();
    const totals = async () => {
      const [rollup] = rowsOf<Record<string, number>>(
        await db.execute(sql`select coalesce(sum(cancels), 0)::int as cancels, coalesce(sum(noops), 0)::int as noops,
          coalesce(sum(duplicates), 0)::int as duplicates, coalesce(sum(updated_photos), 0)::int as "updatedPhotos"
          from cancel_stats_hourly`),
      );
      const [events] = rowsOf<Record<string, number>>(
        await db.execute(sql`select count(*)::int as cancels, (count(*) filter (where noop))::int as noops,
          coalesce(sum(duplicate_count), 0)::int as duplicates, coalesce(sum(updated_photos), 0)::int as "updatedPhotos"
          from cancel_events`),
      );
      return { rollup, events };
    };
    const bob = await signUp("Bob");
    await seedCancelEvents(bob.id, [
      { createdAt: at("2026-04-02T03:10:00Z"), noop: true },
      { createdAt: at("2026-04-02T03:20:00Z"), updatedPhotos: 2, cancelledTasks: 2 },
    ]);
    await db.execute(
      sql`update cancel_events set duplicate_count = duplicate_count + 1 where user_id = ${bob.id}`,
    );
    const afterRepeats = await totals();
    expect(afterRepeats.rollup).toEqual(afterRepeats.events);
    expect((await cancelStats("24h", NOW)).cancels).toBe(7);

    // The user's deletion cascades to the events; the rollup follows.
    await db.execute(sql`delete from users where id = ${bob.id}`);
    const afterDeletion = await totals();
    expect(afterDeletion.rollup).toEqual(afterDeletion.events);
    expect((await cancelStats("24h", NOW)).cancels).toBe(5);
  });

  it("counts operations events from their hourly rollup and the window's partial hours alike", async () => {
    const db = await getDb();
    const totals = async () => {
      const [rollup] = rowsOf<Record<string, number>>(
        await db.execute(sql`select coalesce(sum(race_guard_discards), 0)::int as discards,
          coalesce(sum(meals_complete), 0)::int as complete, coalesce(sum(meals_failed), 0)::int as failed
          from operation_stats_hourly`),
      );
      const [events] = rowsOf<Record<string, number>>(
        await db.execute(sql`select (count(*) filter (where kind = 'race_guard_discard'))::int as discards,
          (count(*) filter (where detail ->> 'status' = 'COMPLETE'))::int as complete,
          (count(*) filter (where detail ->> 'status' = 'FAILED'))::int as failed
          from operation_events`),
      );
      return { rollup, events };
    };
    const before = await cancelStats("24h", NOW);
    const mealId = "00000000-0000-4000-8000-00000000e21e";
    for (const [kind, iso, status] of [
      // The window's first and last hours, inside it and just outside it.
      ["meal_finalized", "2026-04-01T10:40:00Z", "COMPLETE"],
      ["meal_finalized", "2026-04-01T10:20:00Z", "COMPLETE"],
      ["race_guard_discard", "2026-04-02T10:10:00Z", undefined],
      ["race_guard_discard", "2026-04-02T10:40:00Z", undefined],
      // An hour wholly inside.
      ["meal_finalized", "2026-04-01T20:00:00Z", "FAILED"],
    ] as const) {
      await seedOperationEvent(kind, { createdAt: at(iso), status, mealId });
    }
    const added = await totals();
    expect(added.rollup).toEqual(added.events);
    expect(await cancelStats("24h", NOW)).toMatchObject({
      raceGuardDiscards: before.raceGuardDiscards + 1,
      mealsFinalized: {
        complete: before.mealsFinalized.complete + 1,
        failed: before.mealsFinalized.failed + 1,
      },
    });

    await db.execute(sql`update operation_events set detail = '{"status": "FAILED"}' where meal_id = ${mealId}
      and kind = 'meal_finalized'`);
    const updated = await totals();
    expect(updated.rollup).toEqual(updated.events);
    await db.execute(sql`delete from operation_events where meal_id = ${mealId}`);
    const removed = await totals();
    expect(removed.rollup).toEqual(removed.events);
    expect(await cancelStats("24h", NOW)).toMatchObject({
      raceGuardDiscards: before.raceGuardDiscards,
      mealsFinalized: before.mealsFinalized,
    });
  });
});
