// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { createElement as h, type ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MealDetail } from "@/components/queries";
import { mealKey } from "@/components/query-keys";
import { ToastProvider } from "@/components/ui/toast";
import { beginAddMealFlow, endAddMealFlow } from "./add-meal-flow";
import { MealDetailView } from "./meal-detail-view";
import { NewMealForm } from "./new-meal-form";

const router = { push: vi.fn(), replace: vi.fn(), refresh: vi.fn(), prefetch: vi.fn() };
vi.mock("next/navigation", () => ({ useRouter: () => router, usePathname: () => "/meals/new" }));

const MEAL_ID = "6f1c7d1e-2a4b-4c8d-9e0f-112233445566";

type Status = "PENDING" | "PROCESSING" | "SUCCESS" | "FAILED" | "CANCELLED";

function mealDetail(statuses: Status[]): MealDetail {
  return {
    meal: {
      id: MEAL_ID,
      date: "2026-05-01",
      mealType: "lunch",
      status: statuses.some((s) => s === "PENDING" || s === "PROCESSING") ? "PROCESSING" : "COMPLETE",
      createdAt: "2026-05-01T12:00:00.000Z",
      finalizedAt: null,
    },
    photos: statuses.map((status, index) => ({
      id: `00000000-0000-4000-8000-00000000000${index}`,
      mealId: MEAL_ID,
      status,
      attempt: 1,
      clientUploadId: `10000000-0000-4000-8000-00000000000${index}`,
      url: `/api/photos/${index}`,
      mime: "image/jpeg",
      width: 800,
      height: 600,
      bytes: 1000,
      error: status === "CANCELLED" ? { code: "cancelled", message: "Cancelled by the user" } : null,
      createdAt: "2026-05-01T12:00:00.000Z",
      finishedAt: null,
    })),
    items: [],
    totals: { kcal: 0, protein: 0, fat: 0, carbs: 0 },
  } as MealDetail;
}

interface Recorded {
  method: string;
  url: string;
  body: Record<string, unknown> | null;
  keepalive: boolean;
}

/**
 * Stands in for the server: records every request the page makes (fetch and XMLHttpRequest) and
 * answers GET meal from `server.meal` and the cancel from `server.cancel`.
 */
const server = {
  requests: [] as Recorded[],
  meal: mealDetail([]),
  cancelFailures: 0,
  cancel: { status: "cancelled", updatedPhotos: 1, duplicate: false } as Record<string, unknown>,
};

async function fakeFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const url = String(input);
  const method = init.method ?? "GET";
  server.requests.push({
    method,
    url,
    body: typeof init.body === "string" ? JSON.parse(init.body) : null,
    keepalive: init.keepalive === true,
  });
  if (url === "/api/ai/cancel") {
    if (server.cancelFailures > 0) {
      server.cancelFailures -= 1;
      throw new TypeError("Failed to fetch");
    }
    return Response.json({ ...server.cancel, clientCancelId: JSON.parse(String(init.body)).clientCancelId });
  }
  if (url === "/api/meals" && method === "POST")
    return Response.json({ meal: server.meal.meal }, { status: 201 });
  if (url === `/api/meals/${MEAL_ID}` && method === "GET") return Response.json(server.meal);
  return Response.json({ error: { code: "not_found", message: "not found" } }, { status: 404 });
}

/** An upload that stays in flight until aborted. */
class PendingXhr {
  upload = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  aborted = false;
  open(method: string, url: string) {
    server.requests.push({ method, url, body: null, keepalive: false });
  }
  setRequestHeader() {}
  send() {}
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
}

function renderWithClient(ui: ReactNode, detail?: MealDetail) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 60_000 } } });
  if (detail) client.setQueryData(mealKey(MEAL_ID), detail);
  const view = render(h(QueryClientProvider, { client }, h(ToastProvider, null, ui)));
  return { client, ...view };
}

const cancelButton = () => screen.queryByRole("button", { name: /^cancel/i });
const cancelRequests = () => server.requests.filter((r) => r.url === "/api/ai/cancel");

/** Invariant 8: nothing the cancel or clean-up paths send deletes a meal. */
function expectNoDelete() {
  expect(server.requests.length).toBeGreaterThan(0);
  for (const request of server.requests) {
    expect(request.method).not.toBe("DELETE");
    if (request.url.startsWith("/api/meals/")) expect(["GET", "POST"]).toContain(request.method);
  }
}

beforeEach(() => {
  server.requests = [];
  server.cancelFailures = 0;
  server.cancel = { status: "cancelled", updatedPhotos: 1, duplicate: false };
  vi.stubGlobal("fetch", vi.fn(fakeFetch));
  vi.stubGlobal("XMLHttpRequest", PendingXhr);
});

afterEach(() => {
  cleanup();
  endAddMealFlow(MEAL_ID);
  vi.unstubAllGlobals();
  vi.clearAllMocks();
});

describe("the Cancel control on the meal page", () => {
  it("is hidden when no photo is in flight", () => {
    server.meal = mealDetail(["SUCCESS", "FAILED", "CANCELLED"]);
    renderWithClient(h(MealDetailView, { mealId: MEAL_ID }), server.meal);
    expect(screen.getByText(/recognition finished/i)).toBeTruthy();
    expect(cancelButton()).toBeNull();
  });

  it.each<Status>(["PENDING", "PROCESSING"])("is shown while a photo is %s", (status) => {
    server.meal = mealDetail(["SUCCESS", status]);
    renderWithClient(h(MealDetailView, { mealId: MEAL_ID }), server.meal);
    expect(cancelButton()).toBeTruthy();
  });

  it("resends after a network failure with the same id, shows the server's answer, and a late poll does not bring the photo back", async () => {
    server.meal = mealDetail(["SUCCESS", "PROCESSING"]);
    server.cancelFailures = 1;
    const { client } = renderWithClient(h(MealDetailView, { mealId: MEAL_ID }), server.meal);

    fireEvent.click(cancelButton() as HTMLElement);
    expect(await screen.findAllByText("Cancelling…")).not.toHaveLength(0);
    server.meal = mealDetail(["SUCCESS", "CANCELLED"]);

    expect(
      await screen.findByText("Cancelled 1 photo · 1 was already done", {}, { timeout: 3000 }),
    ).toBeTruthy();
    const [first, resent] = cancelRequests();
    expect(resent?.body).toEqual(first?.body);
    expect(first?.body).toMatchObject({ mealId: MEAL_ID, reason: "user_cancel" });
    expect(cancelButton()).toBeNull();

    // A poll answered with the status from before the cancel.
    server.meal = mealDetail(["SUCCESS", "PROCESSING"]);
    await act(() => client.refetchQueries({ queryKey: mealKey(MEAL_ID) }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 20))); // the cache notifies in a later task
    const shot2 = screen.getByRole("img", { name: "Shot 2 of the meal" }).closest("li") as HTMLElement;
    expect(within(shot2).getByText("Cancelled")).toBeTruthy();
    expect(cancelButton()).toBeNull();
    expectNoDelete();
  });
});

describe("leaving the add-meal flow", () => {
  it("sends a keepalive navigation cancel on pagehide and on a route change, never a DELETE", async () => {
    server.meal = mealDetail(["PROCESSING", "PENDING"]);
    beginAddMealFlow(MEAL_ID);
    const { unmount } = renderWithClient(h(MealDetailView, { mealId: MEAL_ID }), server.meal);

    window.dispatchEvent(new Event("pagehide"));
    await waitFor(() => expect(cancelRequests()).toHaveLength(1));
    expect(cancelRequests()[0]).toMatchObject({
      keepalive: true,
      body: { mealId: MEAL_ID, reason: "navigation" },
    });

    // Back from the back-forward cache and away again: a route change this time.
    beginAddMealFlow(MEAL_ID);
    unmount();
    await waitFor(() => expect(cancelRequests()).toHaveLength(2));
    expect(cancelRequests()[1]?.body).toEqual(cancelRequests()[0]?.body);
    expectNoDelete();
  });

  it("does not cancel a meal opened from the diary, nor one the user finished with Done", async () => {
    server.meal = mealDetail(["PROCESSING"]);
    const fromDiary = renderWithClient(h(MealDetailView, { mealId: MEAL_ID }), server.meal);
    window.dispatchEvent(new Event("pagehide"));
    fromDiary.unmount();

    beginAddMealFlow(MEAL_ID);
    const adding = renderWithClient(h(MealDetailView, { mealId: MEAL_ID }), server.meal);
    fireEvent.click(screen.getByRole("link", { name: "Done" }));
    adding.unmount();

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cancelRequests()).toHaveLength(0);
  });
});

describe("the Cancel control on the add-meal page", () => {
  it("is hidden until an upload is in flight; Cancel aborts it, asks the server, and opens the meal", async () => {
    server.meal = mealDetail([]);
    server.cancel = { status: "noop", updatedPhotos: 0, duplicate: false };
    renderWithClient(h(NewMealForm, { initialDate: "2026-05-01", initialType: "lunch" }));
    expect(cancelButton()).toBeNull();

    const input = document.querySelector('input[type="file"][multiple]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(["x"], "lunch.heic", { type: "image/heic" })] } });
    expect(cancelButton()).toBeNull(); // chosen, not sent: nothing to cancel yet

    fireEvent.click(screen.getByRole("button", { name: /save meal with 1 photo/i }));
    await waitFor(() => expect(cancelButton()).toBeTruthy());
    await waitFor(() => expect(server.requests.some((r) => r.url.endsWith("/photos"))).toBe(true));

    fireEvent.click(cancelButton() as HTMLElement);
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith(`/meals/${MEAL_ID}`));
    expect(screen.getByText("Cancelled")).toBeTruthy();
    expect(cancelRequests()).toHaveLength(1);
    expect(cancelRequests()[0]?.body).toMatchObject({ mealId: MEAL_ID, reason: "user_cancel" });
    expectNoDelete();
  });
});
