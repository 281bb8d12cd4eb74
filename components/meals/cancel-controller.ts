import { isInFlight } from "@/db/photo-statuses";
import type { CancelResponse } from "@/lib/cancel/inputs";
import { ApiError, apiErrorFrom, networkError } from "../api";
import { plural } from "../format";
import { newId } from "../new-id";
import { isOnline, waitForOnline } from "../online";

export type { CancelResponse };

/** What the browser knows is still moving: its own uploads and the photos' last known statuses. */
export interface CancelSnapshot {
  /** Uploads queued, being compressed or sending bytes. */
  uploadsInFlight: number;
  photos: readonly { status: string }[];
}

/**
 * Whether Cancel could stop anything: an upload in flight or a photo PENDING/PROCESSING. Cancel is
 * shown only then, so a press never records an empty audit row (seed 000: the guard against
 * cancel-event spam).
 */
export function hasAnythingToCancel({ uploadsInFlight, photos }: CancelSnapshot): boolean {
  return uploadsInFlight > 0 || photos.some((p) => isInFlight(p.status));
}

export const CANCEL_PATH = "/api/ai/cancel";

interface Intent {
  clientCancelId: string;
  mealId: string;
  reason: "user_cancel";
}

export interface CancelControllerOptions {
  /** Injected in tests; the browser's fetch otherwise. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Waits before each resend after a network failure or a 5xx; their count is the number of resends. */
  retryDelays?: readonly number[];
  isOnline?: () => boolean;
  waitForOnline?: () => Promise<void>;
}

export interface CancelController {
  /**
   * Asks the server to cancel the meal's recognition. One call is one user intent with one
   * clientCancelId: a network failure or 5xx is resent with the same id (the server answers a
   * repeat with the first answer), and a later call for the same meal after a failure continues
   * that intent. While the browser is offline the intent is kept, not spent: it is sent again
   * with the same id when the connection returns (`onWaitingForNetwork` says so first). Throws
   * the ApiError when every attempt failed.
   */
  cancel(mealId: string, hooks?: { onWaitingForNetwork?: () => void }): Promise<CancelResponse>;
}

const DEFAULT_RETRY_DELAYS = [500, 1000, 2000, 4000];
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isRetryable = (error: ApiError) => error.isNetworkError || error.status >= 500;

/**
 * The only module that talks to POST /api/ai/cancel. It never deletes anything: cancelling is the
 * server's decision, and clean-up of empty meals is the backend's job (DESIGN §4.8).
 */
export function createCancelController(options: CancelControllerOptions = {}): CancelController {
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? wait;
  const retryDelays = options.retryDelays ?? DEFAULT_RETRY_DELAYS;
  const online = options.isOnline ?? isOnline;
  const untilOnline = options.waitForOnline ?? waitForOnline;
  let pending: Intent | null = null;

  async function attempt(intent: Intent): Promise<CancelResponse> {
    let response: Response;
    try {
      response = await send(CANCEL_PATH, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(intent),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      throw networkError();
    }
    const text = await response.text();
    if (!response.ok) throw apiErrorFrom(response.status, text);
    return JSON.parse(text) as CancelResponse;
  }

  return {
    async cancel(mealId, hooks) {
      if (pending?.mealId !== mealId) pending = { clientCancelId: newId(), mealId, reason: "user_cancel" };
      const intent = pending;
      for (let resend = 0; ; resend += 1) {
        if (!online()) {
          hooks?.onWaitingForNetwork?.();
          await untilOnline();
        }
        try {
          const answer = await attempt(intent);
          pending = null;
          return answer;
        } catch (error) {
          const apiError = error instanceof ApiError ? error : networkError();
          // Lost the connection meanwhile: wait for it (above) without spending a resend.
          if (apiError.isNetworkError && !online()) {
            resend -= 1;
            continue;
          }
          const delay = retryDelays[resend];
          // A 4xx is a definite answer: this intent is over, a new press is a new intent.
          if (!isRetryable(apiError)) pending = null;
          if (!isRetryable(apiError) || delay === undefined) throw apiError;
          await sleep(delay);
        }
      }
    },
  };
}

export interface CancelOutcome {
  /** Photos the server moved to CANCELLED (its own count). */
  cancelled: number;
  /** Photos recognised before the cancel arrived. */
  alreadyDone: number;
  /** Uploads the browser stopped before the server stored them. */
  stoppedUploads: number;
}

/** "Cancelled 2 photos · 1 was already done", from the server's answer and the refetched meal. */
export function describeCancelOutcome({ cancelled, alreadyDone, stoppedUploads }: CancelOutcome): string {
  const parts: string[] = [];
  if (cancelled > 0) parts.push(`Cancelled ${plural(cancelled, "photo")}`);
  if (stoppedUploads > 0) parts.push(`${plural(stoppedUploads, "upload")} stopped`);
  if (parts.length === 0) parts.push("Nothing was left to cancel");
  if (alreadyDone > 0) parts.push(`${alreadyDone} ${alreadyDone === 1 ? "was" : "were"} already done`);
  return parts.join(" · ");
}
