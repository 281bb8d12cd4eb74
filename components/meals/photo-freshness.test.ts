import { QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type MealDetail, mealDetailOptions } from "@/components/queries";
import { freshestMeal, isNoOlderThan } from "./photo-freshness";

const photo = (status: string, attempt = 1, id = "p1") => ({ id, status, attempt });

describe("isNoOlderThan", () => {
  it("refuses a PROCESSING (or PENDING) of the same attempt after a confirmed CANCELLED", () => {
    expect(isNoOlderThan([photo("CANCELLED")], [photo("PROCESSING")])).toBe(false);
    expect(isNoOlderThan([photo("CANCELLED")], [photo("PENDING")])).toBe(false);
  });

  it("refuses another terminal state of the same attempt (a terminal state is final)", () => {
    expect(isNoOlderThan([photo("CANCELLED")], [photo("SUCCESS")])).toBe(false);
  });

  it("refuses an older attempt, and a response that lacks a photo", () => {
    expect(isNoOlderThan([photo("PENDING", 2)], [photo("CANCELLED", 1)])).toBe(false);
    expect(isNoOlderThan([photo("SUCCESS"), photo("PENDING", 1, "p2")], [photo("SUCCESS")])).toBe(false);
  });

  it("accepts progress: the next step, a retry's higher attempt, and new photos", () => {
    expect(isNoOlderThan([photo("PENDING")], [photo("PROCESSING")])).toBe(true);
    expect(isNoOlderThan([photo("PROCESSING")], [photo("CANCELLED")])).toBe(true);
    expect(isNoOlderThan([photo("CANCELLED")], [photo("PENDING", 2)])).toBe(true);
    expect(isNoOlderThan([photo("CANCELLED")], [photo("CANCELLED"), photo("PENDING", 1, "p2")])).toBe(true);
  });

  it("freshestMeal keeps the cached meal for a stale answer and takes a fresh one", () => {
    const cancelled = { photos: [photo("CANCELLED")] };
    const stale = { photos: [photo("PROCESSING")] };
    const retried = { photos: [photo("PENDING", 2)] };
    expect(freshestMeal(cancelled, stale)).toBe(cancelled);
    expect(freshestMeal(cancelled, retried)).toBe(retried);
    expect(freshestMeal(undefined, stale)).toBe(stale);
  });
});

function detail(status: string, attempt = 1): MealDetail {
  return {
    meal: {
      id: "m1",
      date: "2026-05-01",
      mealType: "lunch",
      status: "PROCESSING",
      createdAt: "",
      finalizedAt: null,
    },
    photos: [
      {
        id: "p1",
        mealId: "m1",
        status,
        attempt,
        clientUploadId: "u1",
        url: "/api/photos/p1",
        mime: "image/jpeg",
        width: 10,
        height: 10,
        bytes: 100,
        error: null,
        createdAt: "",
        finishedAt: null,
      },
    ],
    items: [],
    totals: { kcal: 0, protein: 0, fat: 0, carbs: 0 },
  } as MealDetail;
}

describe("the meal query cache", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("does not let a late poll flip a cancelled photo back", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const options = mealDetailOptions("m1");
    // The refetch after the server confirmed the cancel.
    vi.stubGlobal("fetch", async () => Response.json(detail("CANCELLED")));
    await client.fetchQuery({ ...options, staleTime: 0 });

    // A poll that left before the cancel answers afterwards with the old status.
    vi.stubGlobal("fetch", async () => Response.json(detail("PROCESSING")));
    await client.fetchQuery({ ...options, staleTime: 0 });
    expect(client.getQueryData<MealDetail>(options.queryKey)?.photos[0]?.status).toBe("CANCELLED");

    // A retry (attempt 2) is progress and is shown.
    vi.stubGlobal("fetch", async () => Response.json(detail("PENDING", 2)));
    await client.fetchQuery({ ...options, staleTime: 0 });
    expect(client.getQueryData<MealDetail>(options.queryKey)?.photos[0]).toMatchObject({
      status: "PENDING",
      attempt: 2,
    });
  });
});
