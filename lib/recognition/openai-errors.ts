import "server-only";
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { RecognitionError } from "./types";

/** Maps a failed chat-completions call to a RecognitionError the job runner can act on. */
export function classifyProviderError(error: unknown): RecognitionError {
  // Order matters: the timeout error is a connection error, and both are APIErrors.
  if (error instanceof APIConnectionTimeoutError) {
    return new RecognitionError("timeout", "The recognition provider timed out", true);
  }
  if (error instanceof APIConnectionError) {
    return new RecognitionError(
      "provider_unavailable",
      `Cannot reach the recognition provider: ${error.message}`,
      true,
    );
  }
  if (error instanceof APIError && error.status !== undefined) {
    const { status } = error;
    if (status === 429) {
      const retryAfterMs = retryAfterFromHeaders(error.headers);
      return new RecognitionError(
        "rate_limited",
        "The recognition provider is rate limiting",
        true,
        retryAfterMs,
      );
    }
    if (status === 408) return new RecognitionError("timeout", "The recognition provider timed out", true);
    if (status >= 500) {
      return new RecognitionError(
        "provider_unavailable",
        `The recognition provider failed (HTTP ${status})`,
        true,
      );
    }
    return new RecognitionError(
      "provider_rejected",
      `The recognition provider refused the request (HTTP ${status}): ${error.message}`,
      false,
    );
  }
  // E.g. the connection dropped while the body was streaming: a transient failure.
  const message = error instanceof Error ? error.message : String(error);
  return new RecognitionError("provider_unavailable", `Recognition request failed: ${message}`, true);
}

function retryAfterFromHeaders(headers: Headers | undefined): number | undefined {
  // OpenAI also sends the non-standard, more precise `retry-after-ms`.
  const milliseconds = headers?.get("retry-after-ms")?.trim();
  if (milliseconds && /^\d+(\.\d+)?$/.test(milliseconds)) return Number(milliseconds);
  return parseRetryAfter(headers?.get("retry-after"));
}

/** A Retry-After header (delay in seconds, or an HTTP date) in milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // All three HTTP-date formats start with a day name; Date.parse alone would also accept "-3".
  if (!/^[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
