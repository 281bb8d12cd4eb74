import { beforeAll, describe, expect, it } from "vitest";
import { AppClient, signUp, type TestUser } from "@/test/app-client";
import { makeAdmin } from "@/test/seed";

const ADMIN_ROUTES = [
  "/api/admin/cancel-events",
  "/api/admin/cancel-events?format=csv",
  "/api/admin/cancel-stats",
  "/api/admin/cancel-stats?window=30d",
  "/api/admin/integrity",
];

let user: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [user, admin] = await Promise.all([signUp("User"), signUp("Admin")]);
  await makeAdmin(admin.id);
});

interface ErrorBody {
  error: { code: string; details?: { fields: { path: string }[] } };
}

describe("admin routes: access (DESIGN §4.7)", () => {
  it.each(ADMIN_ROUTES)("%s answers 401 without a session", async (path) => {
    const response = await new AppClient().get(path);
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.code).toBe("unauthorized");
  });

  it.each(ADMIN_ROUTES)("%s answers 403 to a signed-in user who is not an admin", async (path) => {
    const response = await user.client.get(path);
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toBe("forbidden");
  });

  it.each(ADMIN_ROUTES)("%s answers 200 to an admin", async (path) => {
    const response = await admin.client.get(path);
    expect(response.status).toBe(200);
  });
});

describe("admin routes: the answers' shapes", () => {
  it("lists events as { events, nextCursor }", async () => {
    const response = await admin.client.get("/api/admin/cancel-events");
    expect(await response.json()).toEqual({ events: [], nextCursor: null });
  });

  it("exports CSV as a download", async () => {
    const response = await admin.client.get("/api/admin/cancel-events?format=csv&noopOnly=1");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="cancel-events-.+\.csv"$/,
    );
    expect((await response.text()).split("\r\n")[0]).toMatch(/^created_at,user_email,/);
  });

  it("reports integrity as { ok, checkedAt, alarms } for monitoring systems", async () => {
    const body = (await (await admin.client.get("/api/admin/integrity")).json()) as {
      ok: boolean;
      checkedAt: string;
      alarms: Record<string, unknown>[];
    };
    expect(body.ok).toBe(true);
    expect(new Date(body.checkedAt).toISOString()).toBe(body.checkedAt);
    for (const alarm of body.alarms) {
      expect(Object.keys(alarm).sort()).toEqual(["count", "examples", "id", "message", "ok", "severity"]);
    }
  });

  it("defaults the stats window to 24 h, with one point per hour", async () => {
    const body = (await (await admin.client.get("/api/admin/cancel-stats")).json()) as {
      window: string;
      hourly: unknown[];
    };
    expect(body.window).toBe("24h");
    expect(body.hourly).toHaveLength(25);
  });
});

describe("admin routes: bad input answers 400 naming the field", () => {
  it.each([
    ["/api/admin/cancel-events?limit=0", "limit"],
    ["/api/admin/cancel-events?limit=201", "limit"],
    ["/api/admin/cancel-events?cursor=not-a-cursor", "cursor"],
    ["/api/admin/cancel-events?from=yesterday", "from"],
    ["/api/admin/cancel-events?from=2026-02-02T00:00:00Z&to=2026-02-01T00:00:00Z", "to"],
    ["/api/admin/cancel-events?reason=bored", "reason"],
    ["/api/admin/cancel-events?noopOnly=maybe", "noopOnly"],
    ["/api/admin/cancel-events?mealMissingOnly=2", "mealMissingOnly"],
    ["/api/admin/cancel-events?format=xml", "format"],
    ["/api/admin/cancel-stats?window=1y", "window"],
  ])("%s", async (path, field) => {
    const response = await admin.client.get(path);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as ErrorBody;
    expect(error.code).toBe("validation_failed");
    expect(error.details?.fields.map((f) => f.path)).toEqual([field]);
  });

  it("treats empty fields of a submitted filter form as unset", async () => {
    const response = await admin.client.get(
      "/api/admin/cancel-events?from=&to=&user=&reason=&noopOnly=&mealMissingOnly=&cursor=",
    );
    expect(response.status).toBe(200);
  });
});
