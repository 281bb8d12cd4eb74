/** A failed API call, carrying the API's `{ error: { code, message, details } }` (DESIGN §5). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The machine-readable reason of a 409 (e.g. `meal_cancelled`, `photo_limit`). */
  get reason(): string | undefined {
    const reason = (this.details as { reason?: unknown } | undefined)?.reason;
    return typeof reason === "string" ? reason : undefined;
  }

  /** The per-field messages of a 400 validation error. */
  get fields(): { path: string; message: string }[] {
    const fields = (this.details as { fields?: unknown } | undefined)?.fields;
    return Array.isArray(fields) ? fields : [];
  }

  /** No answer from the server at all (offline, connection reset): safe to retry idempotent calls. */
  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

/** Builds the ApiError for a non-2xx answer from its status and (possibly non-JSON) body text. */
export function apiErrorFrom(status: number, bodyText: string): ApiError {
  let body: ErrorBody | null = null;
  try {
    body = JSON.parse(bodyText) as ErrorBody;
  } catch {
    body = null;
  }
  const code = typeof body?.error?.code === "string" ? body.error.code : `http_${status}`;
  const message =
    typeof body?.error?.message === "string"
      ? body.error.message
      : `The server answered ${status}. Try again.`;
  return new ApiError(status, code, message, body?.error?.details);
}

export const networkError = () =>
  new ApiError(0, "network", "Could not reach Mealsnap. Check your connection and try again.");

/** fetch() for the JSON API: sends/receives JSON and throws ApiError on any failure. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
) {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      headers:
        init.body === undefined ? { accept: "application/json" } : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
      cache: "no-store",
      signal: init.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw networkError();
  }
  const text = await response.text();
  if (!response.ok) throw apiErrorFrom(response.status, text);
  return (text ? JSON.parse(text) : null) as T;
}
