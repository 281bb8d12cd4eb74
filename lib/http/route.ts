import "server-only";
import { randomUUID } from "node:crypto";
import { type Span, SpanStatusCode } from "@opentelemetry/api";
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from "@opentelemetry/semantic-conventions";
import { z } from "zod";
import { databaseErrorCode, isTransientConflict } from "@/db/transaction";
import { isDatabaseUnavailable } from "@/db/unavailable";
import { requireAdmin, requireUser, type SessionUser } from "@/lib/auth/session";
import { trustedOrigins } from "@/lib/config";
import { type Logger, logger as rootLogger } from "@/lib/logger";
import { observeRequest, routeLabel } from "@/lib/metrics/observe";
import { inSpan, SpanAttribute } from "@/lib/tracing/spans";
import { noteDatabaseLost } from "./database-outage";
import { AppError, errorBody } from "./errors";
import { addStrictTransportSecurity } from "./strict-transport";
import { UNAVAILABLE_RETRY_SECONDS } from "./unavailable";

interface RouteContext {
  params: Promise<Record<string, string | string[]>>;
}

type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

interface HandlerArgs<P extends string> {
  request: Request;
  params: Record<P, string>;
  log: Logger;
}

type Access = "public" | "user" | "admin";
type ArgsFor<A extends Access, P extends string> = A extends "public"
  ? HandlerArgs<P>
  : HandlerArgs<P> & { user: SessionUser };
type Handler<A extends Access, P extends string> = (args: ArgsFor<A, P>) => Promise<Response>;

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}

const uuidParam = z.uuid();

/** Path ids that are not UUIDs cannot name anything: answer 404, as for someone else's row. */
function readIdParams<P extends string>(
  names: readonly P[],
  raw: Record<string, unknown>,
): Record<P, string> {
  const params = {} as Record<P, string>;
  for (const name of names) {
    const parsed = uuidParam.safeParse(raw[name]);
    if (!parsed.success) throw new AppError("not_found", "Not found");
    params[name] = parsed.data;
  }
  return params;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard for mutations: a browser always sends Origin on them, and it
 * must be one of ours. (Requests without Origin come from non-browser clients, which carry no
 * ambient cookies from a victim's browser.)
 */
function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  if (origin && !trustedOrigins().includes(origin)) {
    throw new AppError("forbidden", "Cross-origin requests are not allowed");
  }
}

// Input Postgres cannot store (a NUL character, an unpaired surrogate, a number out of range):
// the client's input, so 400, never 500. Validation refuses most of it first.
const UNSTORABLE_INPUT_CODES = new Set(["22021", "22P05", "22003", "22P02", "54000"]);

function toErrorResponse(error: unknown, log: Logger): Response {
  if (error instanceof AppError) {
    if (error.status >= 500) log.error({ err: error }, error.message);
    const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    return json(
      errorBody(error.code, error.message, error.details),
      error.status,
      retryAfter ? { "retry-after": String(retryAfter) } : undefined,
    );
  }
  if (isTransientConflict(error)) {
    // Still meeting another transaction after the retries of `transaction`: a conflict, not a bug.
    log.warn({ code: databaseErrorCode(error) }, "Transaction kept meeting a concurrent one");
    return json(
      errorBody("conflict", "A concurrent change got in the way, try again", { reason: "concurrent_change" }),
      409,
      { "retry-after": "1" },
    );
  }
  if (isDatabaseUnavailable(error)) {
    noteDatabaseLost();
    log.error({ err: error }, "Database unavailable");
    return json(errorBody("unavailable", "The service is temporarily unavailable, try again shortly"), 503, {
      "retry-after": String(UNAVAILABLE_RETRY_SECONDS),
    });
  }
  const code = databaseErrorCode(error);
  if (code && UNSTORABLE_INPUT_CODES.has(code)) {
    log.warn({ code }, "Refused input the database cannot store");
    return json(
      errorBody("bad_request", "The request contains characters or numbers that cannot be stored"),
      400,
    );
  }
  log.error({ err: error }, "Unhandled error");
  return json(errorBody("internal", "Something went wrong on our side"), 500);
}

/**
 * Names the request's span by its route (ids as `:id`, as the metrics label it) once the answer is
 * known. A 5xx marks it failed; a 4xx is the client's error, not ours (HTTP semantic conventions).
 */
function traceRequest(span: Span, method: string, route: string, status: number, requestId: string): void {
  span.updateName(`${method} ${route}`);
  span.setAttributes({
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_HTTP_ROUTE]: route,
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: status,
    [SpanAttribute.requestId]: requestId,
  });
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * Wraps a route handler: its span (under Next.js's request span), request id, structured request
 * log, session check by access level, UUID path ids, and the DESIGN §5 error shape for every failure.
 */
export function handler<A extends Access>(access: A, fn: Handler<A, never>): RouteHandler;
export function handler<A extends Access, const P extends string>(
  access: A,
  idParams: readonly P[],
  fn: Handler<A, P>,
): RouteHandler;
export function handler<A extends Access, P extends string>(
  access: A,
  idParamsOrFn: readonly P[] | Handler<A, P>,
  maybeFn?: Handler<A, P>,
): RouteHandler {
  const idParams = typeof idParamsOrFn === "function" ? [] : idParamsOrFn;
  const fn = (typeof idParamsOrFn === "function" ? idParamsOrFn : maybeFn) as Handler<A, P>;
  return (request, context) =>
    inSpan("route", {}, async (span) => {
      const requestId = request.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
      // With traces exported, the request's log lines name its trace.
      const log = rootLogger.child(
        span.isRecording() ? { requestId, traceId: span.spanContext().traceId } : { requestId },
      );
      const started = performance.now();
      let response: Response;
      try {
        assertSameOrigin(request);
        const params = readIdParams(idParams, (await context?.params) ?? {});
        const base: HandlerArgs<P> = { request, params, log };
        if (access === "public") {
          response = await fn(base as ArgsFor<A, P>);
        } else {
          const user =
            access === "admin" ? await requireAdmin(request.headers) : await requireUser(request.headers);
          response = await fn({ ...base, user, log: log.child({ userId: user.id }) } as ArgsFor<A, P>);
        }
      } catch (error) {
        response = toErrorResponse(error, log);
      }
      response.headers.set("x-request-id", requestId);
      addStrictTransportSecurity(response.headers);
      const path = new URL(request.url).pathname;
      const ms = performance.now() - started;
      observeRequest(request.method, path, response.status, ms / 1000);
      traceRequest(span, request.method, routeLabel(path, response.status), response.status, requestId);
      log.info({ method: request.method, path, status: response.status, ms: Math.round(ms) }, "request");
      return response;
    });
}
