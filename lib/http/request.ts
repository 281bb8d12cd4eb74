import "server-only";
import type { z } from "zod";
import { AppError, validationError } from "./errors";

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a request body, refusing (413) once it passes `limit` bytes, even without Content-Length. */
export async function readBodyWithLimit(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AppError("payload_too_large", `The request body exceeds ${limit} bytes`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Whether a Content-Type names JSON: its media type, before any parameters, is `application/json`.
 * A `text/plain` body, whatever its parameters say, is what a foreign page can send without a
 * CORS preflight; it is refused beside the same-origin check.
 */
function isJsonMediaType(contentType: string | null): boolean {
  return contentType?.split(";", 1)[0]?.trim().toLowerCase() === "application/json";
}

export async function parseJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  if (!isJsonMediaType(request.headers.get("content-type"))) {
    throw new AppError("unsupported_media_type", "Send the body as application/json");
  }
  const raw = new TextDecoder().decode(await readBodyWithLimit(request, MAX_JSON_BYTES));
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON");
  }
  return parseWith(schema, body);
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

export function searchParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

/**
 * The last segment of the request's path, decoded: a path parameter that is text, not an id (a
 * portion's label). Undefined when it is not valid percent-encoding, for the schema to refuse.
 */
export function lastPathSegment(request: Request): string | undefined {
  const segment = new URL(request.url).pathname.split("/").at(-1) ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
