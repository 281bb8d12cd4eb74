import "server-only";
import type { z } from "zod";

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable"
  | "internal";

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** An expected failure with the error shape of DESIGN §5: `{ error: { code, message, details? } }`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = STATUS_BY_CODE[code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const conflict = (message: string, details?: unknown) => new AppError("conflict", message, details);

export function validationError(error: z.ZodError): AppError {
  return invalidFields(error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })));
}

export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** 400 on fields the schema could not judge alone (an unknown food, a label's portion): same shape as validationError. */
export function invalidFields(fields: { path: string; message: string }[]): AppError {
  return new AppError("validation_failed", "The request has invalid fields", { fields });
}
