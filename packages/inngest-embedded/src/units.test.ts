import { describe, expect, it } from "vitest";
import { CelEvaluator } from "./cel";
import { parseCronTrigger } from "./cron";
import { parseDuration, parseRetryAfter } from "./durations";
import { idsFromSeed } from "./events";
import { eventNameMatches } from "./registry";

describe("parseDuration", () => {
  it("reads the SDK's time strings", () => {
    expect(parseDuration("1s")).toBe(1_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("2w1d")).toBe(15 * 86_400_000);
    expect(parseDuration("soon")).toBeUndefined();
  });

  it("reads Retry-After seconds and dates", () => {
    expect(parseRetryAfter("3", 0)).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toISOString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});

describe("idsFromSeed", () => {
  it("derives stable, distinct ULIDs per index", () => {
    const seed = "1700000000000,AAECAwQFBgcICQ==";
    const ids = idsFromSeed(seed, 3);
    expect(ids).toEqual(idsFromSeed(seed, 3));
    expect(new Set(ids).size).toBe(3);
    expect(ids?.[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(idsFromSeed("garbage", 1)).toBeUndefined();
  });
});

describe("CEL and trigger matching", () => {
  const cel = new CelEvaluator();

  it("treats missing keys and syntax errors as no match", () => {
    expect(
      cel.matches("event.data.id == async.data.id", {
        event: { data: { id: 1 } },
        async: { data: { id: 1 } },
      }),
    ).toBe(true);
    expect(
      cel.matches("event.data.id == async.data.id", { event: { data: {} }, async: { data: { id: 1 } } }),
    ).toBe(false);
    expect(cel.matches("event.data.id ==", { event: { data: {} } })).toBe(false);
    expect(cel.key("event.data.userId", { event: { data: { userId: "u1" } } })).toBe("u1");
  });

  it("matches wildcard event names", () => {
    expect(eventNameMatches("meal/*", "meal/photo.uploaded")).toBe(true);
    expect(eventNameMatches("meal/*", "user/created")).toBe(false);
    expect(eventNameMatches("meal/photo.uploaded", "meal/photoXuploaded")).toBe(false);
  });

  it("splits TZ-prefixed cron expressions", () => {
    expect(parseCronTrigger("TZ=Europe/Paris 0 3 * * *")).toEqual({
      pattern: "0 3 * * *",
      timezone: "Europe/Paris",
    });
    expect(parseCronTrigger("*/5 * * * *")).toEqual({ pattern: "*/5 * * * *" });
  });
});
