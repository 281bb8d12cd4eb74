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
    expect(screen.getByText(/you stopped recognition: 1 of 3 photos recognised/i)).toBeTruthy();
    expect(cancelButton()).toBeNull();
  });

  it("after Cancel tells the truth (stopped, not failed), offers the way back, and focuses the status", async () => {
    server.meal = mealDetail(["PROCESSING"]);
    renderWithClient(h(MealDetailView, { mealId: MEAL_ID }), server.meal);
    const summary = () => document.querySelector<HTMLElement>('[role="status"][tabindex="-1"]');
    const status = summary();
    server.meal = mealDetail(["CANCELLED"]);
    server.meal.meal.status = "FAILED";

    fireEvent.click(cancelButton() as HTMLElement);
    await waitFor(() => expect(status?.textContent).toMatch(/^You stopped recognition\./));
    expect(summary()).toBe(status); // the same live region, now filled
    expect(screen.getByText("Stopped")).toBeTruthy();
    expect(screen.queryByText(/not recognised/i)).toBeNull();
    for (const name of ["Retry all", "Add food by hand", "Discard"]) {
      expect(screen.getByRole("button", { name })).toBeTruthy();
    }
    await waitFor(() => expect(document.activeElement).toBe(status));
    expectNoDelete();
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
  const diaryLink = () => screen.getByRole("link", { name: "Diary" });
  const renderAdding = () => {
    beginAddMealFlow(MEAL_ID);
    return renderWithClient(
      h("div", null, h("a", { href: "/diary" }, "Diary"), h(MealDetailView, { mealId: MEAL_ID })),
      server.meal,
    );
  };

  it("never cancels on pagehide or a route change; an in-app link asks, and Keep (the default) just leaves", async () => {
    server.meal = mealDetail(["PROCESSING", "PENDING"]);
    const { unmount } = renderAdding();

    window.dispatchEvent(new Event("pagehide"));
    fireEvent.click(diaryLink());
    const keep = await screen.findByRole("button", { name: "Keep recognising" });
    expect(document.activeElement).toBe(keep);
    expect(router.push).not.toHaveBeenCalled();

    fireEvent.click(keep);
    expect(router.push).toHaveBeenCalledWith("/diary");
    unmount();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cancelRequests()).toHaveLength(0);
  });

  it("Stop and leave is an explicit cancel (user_cancel) through the cancel endpoint, then leaves", async () => {
    server.meal = mealDetail(["PROCESSING"]);
    renderAdding();
    fireEvent.click(diaryLink());
    fireEvent.click(await screen.findByRole("button", { name: "Stop and leave" }));

    await waitFor(() => expect(router.push).toHaveBeenCalledWith("/diary"));
    expect(cancelRequests()).toHaveLength(1);
    expect(cancelRequests()[0]).toMatchObject({
      keepalive: false,
      body: { mealId: MEAL_ID, reason: "user_cancel" },
    });
    expectNoDelete();
  });

  it("asks nothing for a meal opened from the diary, nor for Done", async () => {
    server.meal = mealDetail(["PROCESSING"]);
    renderWithClient(
      h("div", null, h("a", { href: "/diary" }, "Diary"), h(MealDetailView, { mealId: MEAL_ID })),
      server.meal,
    );
    const link = diaryLink();
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(screen.queryByRole("button", { name: "Keep recognising" })).toBeNull();
    expect(cancelRequests()).toHaveLength(0);
  });
});

describe("the Cancel control on the add-meal page", () => {
  it("is hidden until an upload is in flight; Cancel aborts it, asks the server, and keeps the photo to resume", async () => {
    server.meal = mealDetail([]);
    server.cancel = { status: "noop", updatedPhotos: 0, duplicate: false };
    renderWithClient(h(NewMealForm, { initialDate: "2026-05-01", initialType: "lunch" }));
    expect(cancelButton()).toBeNull();

    const input = document.querySelector('input[type="file"][multiple]') as HTMLInputElement;
    const heic = new Uint8Array([0, 0, 0, 24, ...[..."ftypheic"].map((c) => c.charCodeAt(0)), 0, 0, 0, 0]);
    fireEvent.change(input, { target: { files: [new File([heic], "lunch.heic", { type: "image/heic" })] } });
    const save = await screen.findByRole("button", { name: /save meal with 1 photo/i });
    expect(cancelButton()).toBeNull(); // chosen, not sent: nothing to cancel yet

    fireEvent.click(save);
    await waitFor(() => expect(cancelButton()).toBeTruthy());
    await waitFor(() => expect(server.requests.some((r) => r.url.endsWith("/photos"))).toBe(true));

    fireEvent.click(cancelButton() as HTMLElement);
    expect(await screen.findByRole("button", { name: "Resume" })).toBeTruthy();
    expect(screen.getAllByText("Upload stopped").length).toBeGreaterThan(0);
    expect(screen.getByRole("button", { name: "Remove lunch.heic" })).toBeTruthy();
    expect(router.replace).not.toHaveBeenCalled();
    expect(cancelRequests()).toHaveLength(1);
    expect(cancelRequests()[0]?.body).toMatchObject({ mealId: MEAL_ID, reason: "user_cancel" });
    expectNoDelete();
  });

  it("refuses a text file renamed .jpg when it is picked: a message for the file, nothing sent", async () => {
    renderWithClient(h(NewMealForm, { initialDate: "2026-05-01", initialType: "lunch" }));
    const input = document.querySelector('input[type="file"][multiple]') as HTMLInputElement;
    const renamed = new File(["shopping list"], "lunch.jpg", { type: "image/jpeg" });
    fireEvent.change(input, { target: { files: [renamed] } });
    const refused = await screen.findByRole("list", { name: "Files not added" });
    expect(refused.textContent).toBe("lunch.jpg is not a JPEG, PNG, WebP or HEIC photo.");
    expect(screen.queryByRole("button", { name: /save meal with/i })).toBeNull();
    expect(server.requests).toHaveLength(0);
  });
});
