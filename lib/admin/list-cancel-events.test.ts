import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countStatements, getDb } from "@/db/client";
import { meals } from "@/db/schema";
import { signUp, type TestUser } from "@/test/app-client";
import { makeAdmin, type SeededCancel, seedCancelEvents, seedMeal } from "@/test/seed";
import type { CancelEventFilters } from "./inputs";
import { type AuditedCancelEvent, listCancelEvents } from "./list-cancel-events";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const minutesAgo = (minutes: number) => new Date(T0 - minutes * 60_000);

let alice: TestUser;
let bob: TestUser;
let admin: TestUser;
/** Every seeded row, in the order the list must return them. */
let all: { id: string; userId: string; createdAt: Date; seed: SeededCancel }[];
let deletedMealId: string;
let liveMealId: string;

beforeAll(async () => {
  [alice, bob, admin] = await Promise.all([signUp("Alice"), signUp("Bob"), signUp("Admin")]);
  await makeAdmin(admin.id);
  const live = await seedMeal(alice.id, { date: "2026-03-01" });
  const deleted = await seedMeal(alice.id, { date: "2026-03-01" });
  liveMealId = live.id;
  deletedMealId = deleted.id;

  const aliceRows: SeededCancel[] = [
    { createdAt: minutesAgo(0), mealId: live.id, updatedPhotos: 2, cancelledTasks: 2 },
    { createdAt: minutesAgo(10), noop: true, reason: "navigation" },
    { createdAt: minutesAgo(20), mealId: deleted.id, noop: true, reason: "meal_deleted" },
    // Two rows at the same instant: the keyset must order them by id and lose neither.
    { createdAt: minutesAgo(30), noop: true, reason: "cleanup" },
    { createdAt: minutesAgo(30), mealId: live.id, updatedPhotos: 1, cancelledTasks: 1, duplicateCount: 2 },
    { createdAt: minutesAgo(60 * 24), reason: "timeout", noop: true },
  ];
  const bobRows: SeededCancel[] = [
    { createdAt: minutesAgo(5), noop: true },
    { createdAt: minutesAgo(30), reason: "navigation" },
    { createdAt: minutesAgo(90), noop: true, reason: "timeout" },
  ];
  const seeded = [
    ...(await seedCancelEvents(alice.id, aliceRows)).map((row, index) => ({ row, seed: aliceRows[index] })),
    ...(await seedCancelEvents(bob.id, bobRows)).map((row, index) => ({ row, seed: bobRows[index] })),
  ];
  // The meal goes away after its cancel: ON DELETE SET NULL, the payload keeps the id.
  const db = await getDb();
  await db.delete(meals).where(eq(meals.id, deleted.id));

  all = seeded
    .map(({ row, seed }) => ({ id: row.id, userId: row.userId, createdAt: row.createdAt, seed: seed ?? row }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
});

const ids = (events: AuditedCancelEvent[]) => events.map((event) => event.id);
const expected = (keep: (row: (typeof all)[number]) => boolean) => all.filter(keep).map((row) => row.id);

/** Follows nextCursor to the end, through the real route, and returns every row seen. */
async function listAll(filters: CancelEventFilters, limit: number) {
  const seen: AuditedCancelEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query = new URLSearchParams({ limit: String(limit) });
    for (const [name, value] of Object.entries(filters)) query.set(name, String(value === true ? 1 : value));
    if (cursor) query.set("cursor", cursor);
    const response = await admin.client.get(`/api/admin/cancel-events?${query}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { events: AuditedCancelEvent[]; nextCursor: string | null };
    expect(page.events.length).toBeLessThanOrEqual(limit);
    seen.push(...page.events);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 50);
  return seen;
}

describe("listCancelEvents: order and keyset pagination", () => {
  it("returns every row once, newest first, whatever the page size", async () => {
    for (const limit of [1, 2, 3, 50]) {
      expect(ids(await listAll({}, limit))).toEqual(all.map((row) => row.id));
    }
  });

  it("answers the last page with nextCursor null", async () => {
    const page = await listCancelEvents({}, { limit: all.length });
    expect(page.nextCursor).toBeNull();
    expect((await listCancelEvents({}, { limit: all.length - 1 })).nextCursor).not.toBeNull();
  });

  it("issues one SQL statement per page", async () => {
    const { statements } = await countStatements(() =>
      listCancelEvents({ user: "example.com", noopOnly: true }),
    );
    expect(statements).toBe(1);
  });

  it("joins the user's email and shows the requested meal of a deleted meal", async () => {
    const [event] = (await listCancelEvents({ reason: "meal_deleted" })).events;
    expect(event).toMatchObject({
      userId: alice.id,
      userEmail: alice.email,
      mealId: null,
      requestedMealId: deletedMealId,
      reason: "meal_deleted",
      noop: true,
    });
    expect(event?.payload).toMatchObject({ mealId: deletedMealId, reason: "meal_deleted" });
  });
});

describe("listCancelEvents: filters return exactly the matching rows", () => {
  it.each<[string, CancelEventFilters, (row: (typeof all)[number]) => boolean]>([
    [
      "time range (inclusive)",
      { from: minutesAgo(30).toISOString(), to: minutesAgo(5).toISOString() },
      (row) => row.createdAt >= minutesAgo(30) && row.createdAt <= minutesAgo(5),
    ],
    ["from only", { from: minutesAgo(60).toISOString() }, (row) => row.createdAt >= minutesAgo(60)],
    ["reason", { reason: "navigation" }, (row) => row.seed.reason === "navigation"],
    ["noop only", { noopOnly: true }, (row) => row.seed.noop === true],
    ["meal missing only", { mealMissingOnly: true }, (row) => row.seed.mealId !== liveMealId],
    [
      "noop and meal missing and reason",
      { noopOnly: true, mealMissingOnly: true, reason: "timeout" },
      (row) => row.seed.noop === true && row.seed.reason === "timeout",
    ],
  ])("%s", async (_name, filters, keep) => {
    const want = expected(keep);
    expect(want.length).toBeGreaterThan(0);
    expect(ids(await listAll(filters, 2))).toEqual(want);
  });

  it("user: by exact id", async () => {
    expect(ids(await listAll({ user: bob.id }, 2))).toEqual(expected((row) => row.userId === bob.id));
  });

  it("user: by part of the email, case-insensitive", async () => {
    const part = alice.email.slice(5, 18).toUpperCase();
    expect(ids(await listAll({ user: part }, 2))).toEqual(expected((row) => row.userId === alice.id));
  });

  it("user: LIKE wildcards in the search are plain characters", async () => {
    expect(await listAll({ user: "%" }, 10)).toEqual([]);
    expect(await listAll({ user: "user_" }, 10)).toEqual([]);
  });

  it("user: no match answers an empty page", async () => {
    expect(await listCancelEvents({ user: "nobody-here" })).toEqual({ events: [], nextCursor: null });
  });
});
