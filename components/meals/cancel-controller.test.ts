import { describe, expect, it, vi } from "vitest";
import {
  CANCEL_PATH,
  createCancelController,
  describeCancelOutcome,
  hasAnythingToCancel,
} from "./cancel-controller";

const MEAL = "6f1c7d1e-2a4b-4c8d-9e0f-112233445566";

const answer = (status = 200, body: unknown = { status: "cancelled", updatedPhotos: 2 }) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A fetch that records every request and answers from a script, one entry per call. */
function scriptedFetch(script: (() => Response)[]) {
  const requests: { url: string; init: RequestInit; body: Record<string, unknown> }[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init: RequestInit = {}) => {
    requests.push({ url: String(url), init, body: JSON.parse(String(init.body)) });
    const next = script[requests.length - 1] ?? script[script.length - 1];
    if (!next) throw new Error("no scripted answer");
    return next();
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

const offline = () => {
  throw new TypeError("Failed to fetch");
};
const noWait = () => Promise.resolve();

describe("hasAnythingToCancel", () => {
  it("is false when nothing is uploading and every photo is settled", () => {
    expect(hasAnythingToCancel({ uploadsInFlight: 0, photos: [] })).toBe(false);
    expect(
      hasAnythingToCancel({
        uploadsInFlight: 0,
        photos: [{ status: "SUCCESS" }, { status: "FAILED" }, { status: "CANCELLED" }],
      }),
    ).toBe(false);
  });

  it("is true while an upload is in flight", () => {
    expect(hasAnythingToCancel({ uploadsInFlight: 1, photos: [] })).toBe(true);
  });

  it.each(["PENDING", "PROCESSING"])("is true while a photo is %s", (status) => {
    expect(hasAnythingToCancel({ uploadsInFlight: 0, photos: [{ status: "SUCCESS" }, { status }] })).toBe(
      true,
    );
  });
});

describe("createCancelController().cancel", () => {
  it("resends after a network failure with the same clientCancelId", async () => {
    const { fetch, requests } = scriptedFetch([offline, () => answer()]);
    const controller = createCancelController({ fetch, sleep: noWait });

    const response = await controller.cancel(MEAL);

    expect(response.status).toBe("cancelled");
    expect(requests).toHaveLength(2);
    const [first, second] = requests;
    expect(first?.body.clientCancelId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(second?.body).toEqual(first?.body);
    expect(first?.body).toMatchObject({ mealId: MEAL, reason: "user_cancel" });
  });

  it("resends a 5xx with the same id and gives up after the last delay", async () => {
    const { fetch, requests } = scriptedFetch([() => answer(503, { error: { code: "unavailable" } })]);
    const controller = createCancelController({ fetch, sleep: noWait, retryDelays: [1, 1] });

    await expect(controller.cancel(MEAL)).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.body.clientCancelId)).size).toBe(1);
  });

  it("continues the same intent when pressed again after every attempt failed, and starts a new one after an answer", async () => {
    const { fetch, requests } = scriptedFetch([offline, offline, () => answer(), () => answer()]);
    const controller = createCancelController({ fetch, sleep: noWait, retryDelays: [1] });

    await expect(controller.cancel(MEAL)).rejects.toMatchObject({ isNetworkError: true });
    await controller.cancel(MEAL);
    await controller.cancel(MEAL);

    const ids = requests.map((r) => r.body.clientCancelId);
    expect(ids[2]).toBe(ids[0]);
    expect(ids[3]).not.toBe(ids[0]);
  });

  it("does not resend a 4xx", async () => {
    const { fetch, requests } = scriptedFetch([() => answer(401, { error: { code: "unauthorized" } })]);
    const controller = createCancelController({ fetch, sleep: noWait });
    await expect(controller.cancel(MEAL)).rejects.toMatchObject({ status: 401 });
    expect(requests).toHaveLength(1);
  });

  it("only ever POSTs to the cancel endpoint, never DELETE", async () => {
    const { fetch, requests } = scriptedFetch([offline, () => answer()]);
    const controller = createCancelController({ fetch, sleep: noWait });
    await controller.cancel(MEAL);
    for (const request of requests) {
      expect(request.init.method).toBe("POST");
      expect(request.url).toBe(CANCEL_PATH);
    }
  });
});

describe("createCancelController().cancel while offline", () => {
  /** A connection the test switches, with the browser's `online` moment as a promise it resolves. */
  function connection(initiallyOnline: boolean) {
    let up = initiallyOnline;
    let reconnect = () => {};
    const waiting: Promise<void>[] = [];
    return {
      isOnline: () => up,
      waitForOnline: () => {
        const next = new Promise<void>((resolve) => {
          reconnect = () => {
            up = true;
            resolve();
          };
        });
        waiting.push(next);
        return next;
      },
      drop: () => {
        up = false;
      },
      reconnect: () => reconnect(),
      waits: () => waiting.length,
    };
  }

  it("keeps a Cancel pressed offline and sends it on reconnect, once, spending no resend", async () => {
    const net = connection(false);
    const { fetch, requests } = scriptedFetch([() => answer()]);
    const onWaitingForNetwork = vi.fn();
    const controller = createCancelController({ fetch, sleep: noWait, retryDelays: [], ...net });

    const answered = controller.cancel(MEAL, { onWaitingForNetwork });
    await Promise.resolve();
    expect(requests).toHaveLength(0);
    expect(onWaitingForNetwork).toHaveBeenCalled();

    net.reconnect();
    expect((await answered).status).toBe("cancelled");
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toMatchObject({ mealId: MEAL, reason: "user_cancel" });
  });

  it("resends with the same clientCancelId when the connection drops during the request", async () => {
    const net = connection(true);
    const { fetch, requests } = scriptedFetch([
      () => {
        net.drop();
        throw new TypeError("Failed to fetch");
      },
      () => answer(),
    ]);
    const controller = createCancelController({ fetch, sleep: noWait, retryDelays: [], ...net });

    const answered = controller.cancel(MEAL);
    await vi.waitFor(() => expect(net.waits()).toBe(1));
    net.reconnect();
    await answered;

    expect(requests).toHaveLength(2);
    expect(requests[1]?.body).toEqual(requests[0]?.body);
  });
});

describe("describeCancelOutcome", () => {
  it.each([
    [{ cancelled: 2, alreadyDone: 1, stoppedUploads: 0 }, "Cancelled 2 photos · 1 was already done"],
    [{ cancelled: 1, alreadyDone: 0, stoppedUploads: 2 }, "Cancelled 1 photo · 2 uploads stopped"],
    [{ cancelled: 0, alreadyDone: 3, stoppedUploads: 0 }, "Nothing was left to cancel · 3 were already done"],
    [{ cancelled: 0, alreadyDone: 0, stoppedUploads: 1 }, "1 upload stopped"],
  ])("%o → %s", (outcome, text) => {
    expect(describeCancelOutcome(outcome)).toBe(text);
  });
});
