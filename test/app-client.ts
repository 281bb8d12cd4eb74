import { randomUUID } from "node:crypto";
import * as adminCancelEventsRoute from "@/app/api/admin/cancel-events/route";
import * as adminCancelStatsRoute from "@/app/api/admin/cancel-stats/route";
import * as adminIntegrityRoute from "@/app/api/admin/integrity/route";
import * as cancelRoute from "@/app/api/ai/cancel/route";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as goalsRoute from "@/app/api/goals/route";
import * as healthRoute from "@/app/api/health/route";
import * as itemRoute from "@/app/api/items/[id]/route";
import * as mealItemsRoute from "@/app/api/meals/[id]/items/route";
import * as retryRoute from "@/app/api/meals/[id]/photos/[photoId]/retry/route";
import * as mealPhotosRoute from "@/app/api/meals/[id]/photos/route";
import * as mealRoute from "@/app/api/meals/[id]/route";
import * as mealsRoute from "@/app/api/meals/route";
import * as photoRoute from "@/app/api/photos/[id]/route";

export const BASE_URL = "http://localhost:3000";

type RouteModule = Partial<Record<string, unknown>>;
type RouteFn = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

/**
 * Calls the app's real route handlers in process, the way Next.js would: the same Request objects,
 * cookies and path params. Only the URL → module table below stands in for Next's router.
 */
const ROUTES: Array<[RegExp, RouteModule, string[]]> = [
  [/^\/api\/auth\/.+$/, authRoute as RouteModule, []],
  [/^\/api\/health$/, healthRoute as RouteModule, []],
  [/^\/api\/ai\/cancel$/, cancelRoute as RouteModule, []],
  [/^\/api\/admin\/cancel-events$/, adminCancelEventsRoute as RouteModule, []],
  [/^\/api\/admin\/cancel-stats$/, adminCancelStatsRoute as RouteModule, []],
  [/^\/api\/admin\/integrity$/, adminIntegrityRoute as RouteModule, []],
  [/^\/api\/goals$/, goalsRoute as RouteModule, []],
  [/^\/api\/meals$/, mealsRoute as RouteModule, []],
  [/^\/api\/meals\/([^/]+)$/, mealRoute as RouteModule, ["id"]],
  [/^\/api\/meals\/([^/]+)\/photos$/, mealPhotosRoute as RouteModule, ["id"]],
  [/^\/api\/meals\/([^/]+)\/items$/, mealItemsRoute as RouteModule, ["id"]],
  [/^\/api\/meals\/([^/]+)\/photos\/([^/]+)\/retry$/, retryRoute as RouteModule, ["id", "photoId"]],
  [/^\/api\/items\/([^/]+)$/, itemRoute as RouteModule, ["id"]],
  [/^\/api\/photos\/([^/]+)$/, photoRoute as RouteModule, ["id"]],
];

export function registerRoute(pattern: RegExp, module: RouteModule, params: string[]): void {
  ROUTES.unshift([pattern, module, params]);
}

export async function dispatch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  for (const [pattern, module, names] of ROUTES) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    const fn = module[request.method] as RouteFn | undefined;
    if (!fn) return new Response(null, { status: 405 });
    const params = Object.fromEntries(
      names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? "")]),
    );
    return fn(request, { params: Promise.resolve(params as never) });
  }
  return new Response(null, { status: 404 });
}

export interface RequestOptions {
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** A browser-like client: keeps the session cookie it is given. */
export class AppClient {
  cookie = "";

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers = new Headers(options.headers);
    headers.set("origin", BASE_URL);
    if (this.cookie) headers.set("cookie", this.cookie);
    let body = options.body;
    if (options.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(options.json);
    }
    const response = await dispatch(new Request(`${BASE_URL}${path}`, { method, headers, body }));
    const setCookie = response.headers.getSetCookie();
    const session = setCookie.find((cookie) => cookie.startsWith("better-auth.session_token="));
    if (session) this.cookie = session.split(";")[0] ?? "";
    return response;
  }

  get(path: string, options?: RequestOptions) {
    return this.request("GET", path, options);
  }
  post(path: string, json?: unknown, options?: RequestOptions) {
    return this.request("POST", path, { ...options, json });
  }
  put(path: string, json?: unknown) {
    return this.request("PUT", path, { json });
  }
  patch(path: string, json?: unknown) {
    return this.request("PATCH", path, { json });
  }
  delete(path: string) {
    return this.request("DELETE", path);
  }

  upload(
    mealId: string,
    file: Uint8Array | Blob,
    options: { clientUploadId?: string; filename?: string } = {},
  ) {
    const form = new FormData();
    const blob = file instanceof Blob ? file : new Blob([file as Uint8Array<ArrayBuffer>]);
    form.set("file", blob, options.filename ?? "photo.jpg");
    form.set("clientUploadId", options.clientUploadId ?? randomUUID());
    return this.request("POST", `/api/meals/${mealId}/photos`, { body: form });
  }

  async createMeal(body: Record<string, unknown> = {}) {
    const response = await this.post("/api/meals", { clientRequestId: randomUUID(), ...body });
    if (response.status !== 201) throw new Error(`createMeal answered ${response.status}`);
    return ((await response.json()) as { meal: { id: string; date: string; status: string } }).meal;
  }
}

export interface TestUser {
  client: AppClient;
  id: string;
  email: string;
}

export async function signUp(name = "Test User"): Promise<TestUser> {
  const client = new AppClient();
  const email = `user-${randomUUID()}@example.com`;
  const response = await client.post("/api/auth/sign-up/email", { email, password: "correct-horse-1", name });
  if (response.status !== 200)
    throw new Error(`sign-up answered ${response.status}: ${await response.text()}`);
  const { user } = (await response.json()) as { user: { id: string } };
  return { client, id: user.id, email };
}
