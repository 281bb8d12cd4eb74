import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";

export const BASE_URL = "http://localhost:3000";

type RouteModule = Partial<Record<string, unknown>>;
type RouteFn = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
interface Route {
  pattern: RegExp;
  /** Per capture group: the param's name, and whether it is a catch-all (`[...name]`). */
  params: { name: string; catchAll: boolean }[];
  load: () => Promise<RouteModule>;
  dynamicSegments: number;
}

const API_DIR = path.resolve(import.meta.dirname, "../app/api");

/** `app/api/meals/[id]/photos/route.ts` → `/^\/api\/meals\/([^/]+)\/photos$/` with param `id`. */
function routeOf(file: string): Route {
  const segments = path.relative(API_DIR, path.dirname(file)).split(path.sep).filter(Boolean);
  const params: Route["params"] = [];
  const parts = segments.map((segment) => {
    const dynamic = /^\[(\.\.\.)?(.+)\]$/.exec(segment);
    if (!dynamic?.[2]) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    params.push({ name: dynamic[2], catchAll: Boolean(dynamic[1]) });
    return dynamic[1] ? "(.+)" : "([^/]+)";
  });
  return {
    pattern: new RegExp(`^/api${parts.map((part) => `/${part}`).join("")}$`),
    params,
    load: () => import(file) as Promise<RouteModule>,
    dynamicSegments: params.length,
  };
}

async function routeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return routeFiles(full);
      return Promise.resolve(entry.name === "route.ts" ? [full] : []);
    }),
  );
  return nested.flat();
}

/**
 * Calls the app's real route handlers in process, the way Next.js would: the same Request objects,
 * cookies and path params. The URL → module table is read from `app/api/**\/route.ts`, as Next's
 * router reads it; static segments win over dynamic ones, as there.
 */
let routes: Promise<Route[]> | undefined;
const extraRoutes: Route[] = [];

function allRoutes(): Promise<Route[]> {
  routes ??= routeFiles(API_DIR).then((files) =>
    files.map(routeOf).sort((a, b) => a.dynamicSegments - b.dynamicSegments),
  );
  return routes;
}

/** Adds a route only a test has (matched before the app's). */
export function registerRoute(pattern: RegExp, module: RouteModule, params: string[]): void {
  extraRoutes.unshift({
    pattern,
    params: params.map((name) => ({ name, catchAll: false })),
    load: async () => module,
    dynamicSegments: params.length,
  });
}

export async function dispatch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  for (const route of [...extraRoutes, ...(await allRoutes())]) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const fn = (await route.load())[request.method] as RouteFn | undefined;
    if (!fn) return new Response(null, { status: 405 });
    const params = Object.fromEntries(
      route.params.map(({ name, catchAll }, index) => {
        const value = match[index + 1] ?? "";
        return [name, catchAll ? value.split("/").map(decodeURIComponent) : decodeURIComponent(value)];
      }),
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

/** A browser-like client: keeps the session cookie it is given, and the session cache's cookie. */
export class AppClient {
  cookie = "";
  /** `better-auth.session_data=…`: the signed session cache (SESSION_CACHE_SECONDS), sent beside `cookie`. */
  sessionCacheCookie = "";

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers = new Headers(options.headers);
    headers.set("origin", BASE_URL);
    const cookies = [this.cookie, this.cookie && this.sessionCacheCookie].filter(Boolean);
    if (cookies.length > 0) headers.set("cookie", cookies.join("; "));
    let body = options.body;
    if (options.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(options.json);
    }
    const response = await dispatch(new Request(`${BASE_URL}${path}`, { method, headers, body }));
    const setCookie = response.headers.getSetCookie();
    const session = setCookie.find((cookie) => cookie.startsWith("better-auth.session_token="));
    if (session) this.cookie = session.split(";")[0] ?? "";
    const cache = setCookie.find((cookie) => cookie.startsWith("better-auth.session_data="));
    if (cache) this.sessionCacheCookie = /max-age=0\b/i.test(cache) ? "" : (cache.split(";")[0] ?? "");
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
