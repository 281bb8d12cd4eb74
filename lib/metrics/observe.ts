import "server-only";
import { metrics } from "./registry";

const UUID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

/**
 * The route label of a request: its path with ids as `:id`. A 404 is labelled `not_found`, so
 * paths nobody routes (a catch-all's unknown tail, a scanner's guesses) cannot grow the series.
 */
export function routeLabel(pathname: string, status: number): string {
  return status === 404 ? "not_found" : pathname.replace(UUID_SEGMENT, "/:id");
}

/** One API request answered: a counter and a latency observation, in memory. */
export function observeRequest(method: string, pathname: string, status: number, seconds: number): void {
  const labels = { route: routeLabel(pathname, status), method, status: String(status) };
  const m = metrics();
  m.httpRequests.inc(labels);
  m.httpDuration.observe(labels, seconds);
}

/** `upload:<user>` → `upload`, `auth:address:<ip>` → `auth:address`: the limit, not who hit it. */
export function observeRateLimitRefusal(key: string): void {
  const limit = /^[a-z-]+(:(address|account))?/.exec(key)?.[0] ?? "other";
  metrics().rateLimitRefusals.inc({ limit });
}

export function observeCancel(status: string, reason: string, duplicate: boolean): void {
  metrics().cancels.inc({ status, reason, duplicate: String(duplicate) });
}

/** Times a recognizer call: its duration by outcome, and its failures by error code. */
export async function observeRecognition<T>(recognize: () => Promise<T>): Promise<T> {
  const m = metrics();
  const stop = m.recognitionDuration.startTimer();
  try {
    const result = await recognize();
    stop({ outcome: "ok" });
    return result;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const outcome = typeof code === "string" ? code : "error";
    stop({ outcome });
    m.recognitionFailures.inc({ code: outcome });
    throw error;
  }
}
