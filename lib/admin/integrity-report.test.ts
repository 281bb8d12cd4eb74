import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countStatements, getDb } from "@/db/client";
import { cancelEvents, foodItems, meals } from "@/db/schema";
import { signUp, type TestUser } from "@/test/app-client";
import { agePhoto, type SeededCancel, seedCancelEvents, seedItem, seedMeal, seedPhoto } from "@/test/seed";
import { type IntegrityReport, integrityReport } from "./integrity-report";

let alice: TestUser;

const DATE = "2026-05-01";

beforeAll(async () => {
  alice = await signUp("Alice");
  // A healthy history: a complete meal with items, a failed meal of cancelled photos without items,
  // a meal still recognising, and a partly cancelled meal.
  const complete = await seedMeal(alice.id, { date: DATE, status: "COMPLETE" });
  const success = await seedPhoto(alice.id, complete.id, "SUCCESS");
  await seedItem(complete.id, success.id);
  const failed = await seedMeal(alice.id, { date: DATE, status: "FAILED" });
  await seedPhoto(alice.id, failed.id, "CANCELLED");
  await seedPhoto(alice.id, failed.id, "FAILED");
  const processing = await seedMeal(alice.id, { date: DATE, status: "PROCESSING" });
  await seedPhoto(alice.id, processing.id, "PROCESSING");
  const partial = await seedMeal(alice.id, { date: DATE, status: "COMPLETE" });
  await seedItem(partial.id, (await seedPhoto(alice.id, partial.id, "SUCCESS")).id);
  await seedPhoto(alice.id, partial.id, "CANCELLED");
  // An empty new meal (no photo yet) is not a break either.
  await seedMeal(alice.id, { date: DATE, status: "PROCESSING" });
});

const alarm = (report: IntegrityReport, id: string) => {
  const found = report.alarms.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no alarm ${id}`);
  return found;
};

/** Only `id` fires, with `count` and exactly `examples`. */
function expectOnlyFiring(report: IntegrityReport, id: string, count: number, examples: string[]) {
  expect(report.ok).toBe(false);
  expect(report.alarms.filter((candidate) => !candidate.ok).map((candidate) => candidate.id)).toEqual([id]);
  expect(alarm(report, id)).toMatchObject({ ok: false, count });
  expect([...alarm(report, id).examples].sort()).toEqual([...examples].sort());
}

describe("integrityReport on a healthy database", () => {
  it("is quiet: ok, every alarm ok with count 0 and no examples", async () => {
    const report = await integrityReport();
    expect(report.ok).toBe(true);
    expect(report.alarms.map((a) => [a.id, a.severity])).toEqual([
      ["terminal_photos_with_items", "P0"],
      ["meal_status_mismatch", "P0"],
      ["duplicate_cancel_events", "P0"],
      ["stuck_photos", "P0"],
      ["duplicate_rate", "P1"],
      ["noop_rate_spike", "P2"],
    ]);
    for (const quiet of report.alarms) expect(quiet).toMatchObject({ ok: true, count: 0, examples: [] });
  });

  it("uses a bounded number of SQL statements (six)", async () => {
    expect((await countStatements(() => integrityReport())).statements).toBe(6);
  });
});

describe("integrityReport: each invariant alarm fires when broken", () => {
  it("CANCELLED or FAILED photos with items (P0)", async () => {
    const meal = await seedMeal(alice.id, { date: DATE, status: "FAILED" });
    const cancelled = await seedPhoto(alice.id, meal.id, "CANCELLED");
    const failed = await seedPhoto(alice.id, meal.id, "FAILED");
    await seedItem(meal.id, cancelled.id);
    await seedItem(meal.id, cancelled.id, "Beans");
    await seedItem(meal.id, failed.id);
    expectOnlyFiring(await integrityReport(), "terminal_photos_with_items", 2, [cancelled.id, failed.id]);

    const db = await getDb();
    await db.delete(foodItems).where(eq(foodItems.mealId, meal.id));
    expect((await integrityReport()).ok).toBe(true);
  });

  it("meals whose status disagrees with their photos (P0)", async () => {
    const wrong = await seedMeal(alice.id, { date: DATE, status: "COMPLETE" });
    await seedPhoto(alice.id, wrong.id, "FAILED");
    const stale = await seedMeal(alice.id, { date: DATE, status: "PROCESSING" });
    await seedPhoto(alice.id, stale.id, "SUCCESS");
    expectOnlyFiring(await integrityReport(), "meal_status_mismatch", 2, [wrong.id, stale.id]);

    const db = await getDb();
    await db.update(meals).set({ status: "FAILED" }).where(eq(meals.id, wrong.id));
    await db.update(meals).set({ status: "COMPLETE" }).where(eq(meals.id, stale.id));
    expect((await integrityReport()).ok).toBe(true);
  });

  it("photos stuck past STUCK_PHOTO_TIMEOUT_S (P0)", async () => {
    const meal = await seedMeal(alice.id, { date: DATE, status: "PROCESSING" });
    const stuck = await seedPhoto(alice.id, meal.id, "PROCESSING");
    const recent = await seedPhoto(alice.id, meal.id, "PROCESSING");
    // Queued behind the per-user concurrency limit: the user's live photo keeps its clock.
    const queued = await seedPhoto(alice.id, meal.id, "PENDING");
    await agePhoto(stuck.id, 300);
    await agePhoto(recent.id, 60);
    await agePhoto(queued.id, 300);
    expectOnlyFiring(await integrityReport(), "stuck_photos", 1, [stuck.id]);

    await agePhoto(stuck.id, 0);
    await agePhoto(queued.id, 0);
    expect((await integrityReport()).ok).toBe(true);
  });

  it("caps examples at five while counting every break", async () => {
    const meal = await seedMeal(alice.id, { date: DATE, status: "PROCESSING" });
    const photos = await Promise.all(
      Array.from({ length: 7 }, () => seedPhoto(alice.id, meal.id, "PROCESSING")),
    );
    for (const photo of photos) await agePhoto(photo.id, 600);
    const stuck = alarm(await integrityReport(), "stuck_photos");
    expect(stuck.count).toBe(7);
    expect(stuck.examples).toHaveLength(5);
    for (const photo of photos) await agePhoto(photo.id, 0);
  });
});

describe("integrityReport: rate alarms over the last 24 h", () => {
  const hoursBefore = (now: Date, hours: number) => new Date(now.getTime() - hours * 3_600_000);
  const cancels = (now: Date, hoursAgo: number, count: number, extra: Partial<SeededCancel> = {}) =>
    Array.from({ length: count }, (_, index) => ({
      createdAt: hoursBefore(now, hoursAgo + index / 100),
      ...extra,
    }));

  it("duplicate rate over 5 % (P1); 5 % or less, or too few requests, stays quiet", async () => {
    const now = new Date("2026-06-10T12:00:00Z");
    const [withDuplicates] = await seedCancelEvents(alice.id, [
      { createdAt: hoursBefore(now, 1), duplicateCount: 1 },
      ...cancels(now, 2, 19),
    ]);
    // 1 repeat of 21 requests: 4.8 %.
    expect((await integrityReport(now)).ok).toBe(true);

    const db = await getDb();
    await db
      .update(cancelEvents)
      .set({ duplicateCount: 2 })
      .where(eq(cancelEvents.id, withDuplicates?.id ?? ""));
    // 2 repeats of 22 requests: 9.1 %.
    expectOnlyFiring(await integrityReport(now), "duplicate_rate", 2, [withDuplicates?.id ?? ""]);
    // A day later the same rows are out of the window.
    expect((await integrityReport(hoursBefore(now, -25))).ok).toBe(true);

    // Few requests: 1 repeat of 3 is not a signal.
    const quietDay = new Date("2026-06-20T12:00:00Z");
    await seedCancelEvents(alice.id, [{ createdAt: hoursBefore(quietDay, 1), duplicateCount: 1 }]);
    await seedCancelEvents(alice.id, cancels(quietDay, 2, 1));
    expect((await integrityReport(quietDay)).ok).toBe(true);
  });

  it("noop rate doubling against the 24 h before (P2); less than double stays quiet", async () => {
    const now = new Date("2026-07-10T12:00:00Z");
    // The day before: 4 noops of 20 (20 %).
    await seedCancelEvents(alice.id, [...cancels(now, 30, 4, { noop: true }), ...cancels(now, 31, 16)]);
    // Today: 7 noops of 20 (35 %).
    const today = await seedCancelEvents(alice.id, [
      ...cancels(now, 1, 7, { noop: true }),
      ...cancels(now, 2, 13),
    ]);
    expect((await integrityReport(now)).ok).toBe(true);

    // Two more noops today: 9 of 22 (41 %), more than double.
    const more = await seedCancelEvents(alice.id, cancels(now, 0.5, 2, { noop: true }));
    const report = await integrityReport(now);
    const noopIds = [...more, ...today].filter((row) => row.noop).map((row) => row.id);
    expect(alarm(report, "noop_rate_spike")).toMatchObject({ ok: false, severity: "P2", count: 9 });
    expect(alarm(report, "noop_rate_spike").examples).toHaveLength(5);
    for (const id of alarm(report, "noop_rate_spike").examples) expect(noopIds).toContain(id);
    expect(alarm(report, "duplicate_rate").ok).toBe(true);
  });

  it("noop spike needs enough cancels in both windows", async () => {
    const now = new Date("2026-08-10T12:00:00Z");
    await seedCancelEvents(alice.id, [...cancels(now, 30, 1, { noop: true }), ...cancels(now, 31, 9)]);
    await seedCancelEvents(alice.id, cancels(now, 1, 20, { noop: true }));
    expect(alarm(await integrityReport(now), "noop_rate_spike").ok).toBe(true);
  });
});

describe("integrityReport: duplicate audit rows (invariant 3)", () => {
  it("fires when the unique index is gone and a clientCancelId has two rows", async () => {
    const db = await getDb();
    // Only a broken schema allows this; this file's database is its own.
    await db.execute(sql`drop index cancel_events_user_client_cancel_uq`);
    const clientCancelId = randomUUID();
    const row = { userId: alice.id, clientCancelId, reason: "user_cancel", payload: {}, noop: true };
    await db.insert(cancelEvents).values([row, row]);
    expectOnlyFiring(await integrityReport(), "duplicate_cancel_events", 1, [
      `${alice.id}:${clientCancelId}`,
    ]);
  });
});
