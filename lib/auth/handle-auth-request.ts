import "server-only";
import { APIError } from "better-auth/api";
import type { z } from "zod";
import { config } from "@/lib/config";
import { clientAddress, clientNetwork } from "@/lib/http/client-address";
import { AppError, type ErrorCode } from "@/lib/http/errors";
import { parseJson } from "@/lib/http/request";
import { consumeLimit } from "@/lib/rate-limit/consume-limit";
import { CLIENT_ADDRESS_HEADER, getAuth } from "./auth";
import { changePasswordBody, signInBody, signUpBody } from "./inputs";
import { requireUser } from "./session";

interface AuthEndpoint {
  /** The body forwarded to the auth library: only these fields, validated; none for undefined. */
  body?: z.ZodType<Record<string, unknown>>;
  /** Rate limits counted before the auth library runs. */
  limit?: (request: Request, body: Record<string, unknown>) => Promise<void>;
}

async function limitByAddress(request: Request): Promise<void> {
  await consumeLimit(`auth:address:${clientNetwork(request.headers)}`, config().RATE_LIMIT_AUTH_PER_MINUTE);
}

/**
 * One budget of password attempts per account, whether they come through sign-in or a password
 * change, from any address (spreading guesses over addresses or a stolen session does not help).
 * Every attempt counts, before the password is checked, so guesses sent at once cannot outrun it.
 */
async function limitPasswordAttempts(email: string): Promise<void> {
  await consumeLimit(
    `password:account:${email.toLowerCase()}`,
    config().RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_HOUR,
    3600,
  );
}

/**
 * The auth surface (DESIGN §5): the endpoints the product uses, and no other route of the auth
 * library — no user management, impersonation, email verification or redirects.
 */
const AUTH_ENDPOINTS: Record<string, AuthEndpoint> = {
  "POST /sign-up/email": {
    body: signUpBody,
    limit: limitByAddress,
  },
  "POST /sign-in/email": {
    body: signInBody,
    async limit(request, body) {
      await limitByAddress(request);
      await limitPasswordAttempts(String(body.email));
    },
  },
  "POST /sign-out": {},
  "GET /get-session": {},
  "POST /change-password": {
    // A new password ends every other session of the user: whoever knew the old one is signed out.
    body: changePasswordBody.transform((fields) => ({ ...fields, revokeOtherSessions: true })),
    async limit(request) {
      await limitByAddress(request);
      // Only a signed-in user can try a password here: their account's budget is the one spent.
      await limitPasswordAttempts((await requireUser(request.headers)).email);
    },
  },
};

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  // The auth library answers 422 to a sign-up with an email already registered.
  422: "conflict",
  429: "rate_limited",
};

function refusal(status: number, message: string | undefined): AppError {
  return new AppError(CODE_BY_STATUS[status] ?? "bad_request", message || "The request was refused");
}

/** The auth library's thrown failures: refusals in the app's error shape, the rest on to the 5xx mapping. */
function toAppError(error: unknown): unknown {
  if (!(error instanceof APIError)) return error;
  if (error.statusCode >= 500) return error.cause ?? error;
  return refusal(error.statusCode, error.body?.message);
}

/** The auth library answers its refusals as `{ code, message }`; the app's shape replaces them. */
async function inAppShape(response: Response): Promise<Response> {
  if (response.status < 400 || response.status >= 500) return response;
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  throw refusal(response.status, body.message);
}

/** Runs one request to `/api/auth/*` through the allowed endpoints, their limits and validation. */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/^\/api\/auth/, "");
  const endpoint = AUTH_ENDPOINTS[`${request.method} ${path}`];
  if (!endpoint) throw new AppError("not_found", "Not found");
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  headers.set(CLIENT_ADDRESS_HEADER, clientAddress(request.headers));
  let body: string | undefined;
  if (endpoint.body) {
    const fields = await parseJson(request, endpoint.body);
    await endpoint.limit?.(request, fields);
    body = JSON.stringify(fields);
    headers.set("content-type", "application/json");
  } else {
    headers.delete("content-type");
  }
  const auth = await getAuth();
  try {
    return await inAppShape(await auth.handler(new Request(url, { method: request.method, headers, body })));
  } catch (error) {
    throw toAppError(error);
  }
}
