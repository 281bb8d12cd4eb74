import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { signUp, type TestUser } from "@/test/app-client";
import { makeAdmin, seedCancelEvent, seedCancelEvents } from "@/test/seed";
import { csvCell } from "./cancel-events-csv";

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rlf", '"cr\rlf"'],
    ["=1+2", "'=1+2"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["a=b", "a=b"],
  ])("%j → %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("writes numbers and booleans as they are, and null as empty", () => {
    expect([csvCell(3), csvCell(0), csvCell(true), csvCell(false), csvCell(null)]).toEqual([
      "3",
      "0",
      "true",
      "false",
      "",
    ]);
  });
});

describe("GET /api/admin/cancel-events?format=csv", () => {
  let admin: TestUser;
  let mallory: TestUser;

  beforeAll(async () => {
    [admin, mallory] = await Promise.all([signUp("Admin"), signUp("Mallory")]);
    await makeAdmin(admin.id);
  });

  it("escapes user-controlled text, including a formula in an email address", async () => {
    const db = await getDb();
    const email = `=cmd|'/c calc'!A1,"x"@example.com`;
    await db.update(users).set({ email }).where(eq(users.id, mallory.id));
    const event = await seedCancelEvent(mallory.id, {
      createdAt: new Date("2026-09-01T10:00:00Z"),
      noop: true,
      reason: "navigation",
    });

    const csv = await (
      await admin.client.get(`/api/admin/cancel-events?format=csv&user=${mallory.id}`)
    ).text();
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "created_at,user_email,user_id,client_cancel_id,meal_id,requested_meal_id,reason,noop," +
        "cancelled_tasks,updated_photos,duplicate_count,payload",
    );
    const payload = JSON.stringify(event.payload).replaceAll('"', '""');
    expect(lines[1]).toContain(
      `,"'=cmd|'/c calc'!A1,""x""@example.com",${mallory.id},${event.clientCancelId},,,`,
    );
    expect(lines[1]).toMatch(/^2026-09-01T10:00:00[^,]*,/);
    expect(lines[1]?.endsWith(`,navigation,true,0,0,0,"${payload}"`)).toBe(true);
    expect(lines.slice(2)).toEqual([""]);
  });

  it("streams every filtered row across its internal pages, newest first", async () => {
    const start = Date.parse("2026-10-01T00:00:00Z");
    const rows = await seedCancelEvents(
      admin.id,
      Array.from({ length: 2105 }, (_, index) => ({
        createdAt: new Date(start + index * 1000),
        noop: index % 2 === 0,
      })),
    );
    const csv = await (
      await admin.client.get(`/api/admin/cancel-events?format=csv&user=${admin.id}&noopOnly=1`)
    ).text();
    const ids = csv
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(",")[3]);
    const expected = rows
      .filter((row) => row.noop)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((row) => row.clientCancelId);
    expect(ids).toEqual(expected);
  });
});
