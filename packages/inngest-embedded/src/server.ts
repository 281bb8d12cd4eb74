import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppUrls } from "./app-urls";
import type { CelEvaluator } from "./cel";
import type { CronScheduler } from "./cron";
import type { EventIntake } from "./events";
import { InvalidEventError } from "./events";
import { renderRunsPage } from "./inspection";
import { namesThisHost } from "./loopback";
import type { Registry } from "./registry";
import { HttpError, handleRest } from "./rest-api";
import type { RunStore } from "./run-store";
import type { Runner } from "./runner";
import { type ExecutorKeys, hashedSigningKey, sameSecret } from "./signing";
import type { Logger } from "./types";
import { registerBodySchema } from "./types";

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const RUNS_ON_PAGE = 100;

export interface ServerDeps {
  registry: Registry;
  cron: CronScheduler;
  intake: EventIntake;
  runner: Runner;
  store: RunStore;
  logger: Logger;
  keys: ExecutorKeys;
  cel: CelEvaluator;
  /** Dev-server mode: unsigned syncs, from any URL, any event key, and the dev server's `/dev` and `/v0/gql`. */
  devServer: boolean;
  /** The only URLs a sync may register (outside dev-server mode). */
  appUrls: AppUrls;
  /** Reading runs (the runs page, the REST API's reads) requires the signing key's bearer. */
  runDataNeedsKey: boolean;
  /** The host the server is bound to, accepted in `Host` besides the loopback names. */
  host: string;
}

/**
 * Options the SDK can register that this executor does not implement: a sync carrying one fails
 * rather than running the function without the limit it asked for.
 */
const UNSUPPORTED_OPTIONS = ["rateLimit", "throttle", "debounce", "batchEvents", "priority", "singleton"];

/** A request to the executor, from a socket or from a client in this process (`inProcessFetch`). */
interface ExecutorRequest {
  method: string;
  url: string;
  header(name: string): string | undefined;
  /** The body's bytes; rejects with 413 beyond MAX_BODY_BYTES. */
  body(): Promise<Buffer>;
}

interface ExecutorAnswer {
  status: number;
  /** JSON unless `contentType` says otherwise; none for an empty answer. */
  body?: unknown;
  contentType?: string;
}

async function readJson(req: ExecutorRequest): Promise<unknown> {
  const bytes = await req.body();
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new HttpError(400, "request body is not valid JSON");
  }
}

function encode(answer: ExecutorAnswer): { headers: Record<string, string>; text?: string } {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (answer.body === undefined) return { headers };
  const contentType = answer.contentType ?? "application/json";
  headers["content-type"] = `${contentType}; charset=utf-8`;
  const text = contentType === "application/json" ? JSON.stringify(answer.body) : String(answer.body);
  return { headers, text };
}

/** Routes of the Inngest server surface the SDK and developers use. */
function createRouter(deps: ServerDeps): (req: ExecutorRequest) => Promise<ExecutorAnswer> {
  const { registry, cron, intake, runner, store, logger, keys, devServer, appUrls } = deps;
  const syncBearer = `Bearer ${hashedSigningKey(keys.signingKey)}`;

  async function register(req: ExecutorRequest): Promise<ExecutorAnswer> {
    if (!devServer && !sameSecret(req.header("authorization"), syncBearer)) {
      throw new HttpError(401, "sync refused: the signing key does not match this executor's");
    }
    const parsed = registerBodySchema.safeParse(await readJson(req));
    if (!parsed.success) throw new HttpError(400, `invalid sync body: ${parsed.error.issues[0]?.message}`);
    const { appName, url, functions } = parsed.data;
    const stepUrls = functions.flatMap((fn) => Object.values(fn.steps).map((step) => step.runtime.url));
    const foreign = devServer
      ? undefined
      : [url, ...stepUrls].find((candidate) => !appUrls.includes(candidate));
    if (foreign !== undefined) {
      logger.warn({ appName, url: foreign }, "sync refused: not an app URL this executor calls");
      throw new HttpError(
        403,
        `sync refused: ${foreign} is not an app URL this executor was configured with`,
      );
    }
    for (const fn of functions) {
      const option = UNSUPPORTED_OPTIONS.find((name) => fn[name] !== undefined);
      if (option) {
        throw new HttpError(
          400,
          `function "${fn.id}" uses "${option}", which the embedded executor does not support`,
        );
      }
    }
    const registered = registry.replaceApp(appName, functions);
    cron.reschedule(registry.all());
    logger.info({ appName, url, functions: registered.map((fn) => fn.config.id) }, "app synced");
    return { status: 200, body: { ok: true, modified: true } };
  }

  async function ingest(req: ExecutorRequest, key: string): Promise<ExecutorAnswer> {
    if (!devServer && !sameSecret(key, keys.eventKey)) throw new HttpError(401, "event key not found");
    const body = await readJson(req);
    try {
      const { ids, fresh } = intake.accept(body, req.header("x-inngest-event-id-seed"));
      for (const event of fresh) runner.dispatch(event);
      return { status: 200, body: { ids, status: 200 } };
    } catch (err) {
      // Inngest's event API answers a refused batch in its usual shape, with the error.
      if (err instanceof InvalidEventError)
        return { status: 400, body: { ids: [], status: 400, error: err.message } };
      throw err;
    }
  }

  async function route(req: ExecutorRequest): Promise<ExecutorAnswer> {
    const { pathname, searchParams } = new URL(req.url, "http://localhost");
    const method = req.method;

    const authorized = sameSecret(req.header("authorization"), syncBearer);
    if (method === "GET" && pathname === "/health") return { status: 200, body: { ok: true } };
    if (method === "GET" && pathname === "/") {
      if (deps.runDataNeedsKey && !authorized) throw new HttpError(401, "No auth found");
      return { status: 200, body: renderRunsPage(store.recent(RUNS_ON_PAGE)), contentType: "text/html" };
    }
    if (method === "POST" && pathname === "/fn/register") return register(req);
    const eventKey = pathname.match(/^\/e\/([^/]+)$/)?.[1];
    if (method === "POST" && eventKey) return ingest(req, eventKey);
    const answer = await handleRest(
      {
        method,
        pathname,
        query: searchParams,
        body: () => readJson(req),
        authorized,
      },
      deps,
    );
    if (answer) return answer;
    if (devServer) {
      // Loaded only in dev-server mode: production never carries these routes or their parser.
      const { handleDevServer } = await import("./dev-server/routes");
      const devAnswer = await handleDevServer({ method, pathname, body: () => readJson(req) }, deps);
      if (devAnswer) return devAnswer;
    }
    throw new HttpError(404, `no route for ${method} ${pathname}`);
  }

  return (req) =>
    route(req).catch((err: unknown): ExecutorAnswer => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) logger.error({ err, url: req.url }, "request failed");
      return { status, body: { error: err instanceof Error ? err.message : String(err), status } };
    });
}

function assertBodySize(bytes: number): void {
  if (bytes > MAX_BODY_BYTES) throw new HttpError(413, "request body too large");
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    assertBodySize(size);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface ExecutorHandlers {
  /** For node:http's `createServer`. */
  http(req: IncomingMessage, res: ServerResponse): void;
  /**
   * A `fetch` for the Inngest clients of this process (the app's events and checkpoints): a
   * request to `origin` is served by the same routes without a socket, HTTP parser or undici
   * request; any other goes to the global fetch.
   */
  fetch(origin: string): typeof fetch;
}

export function createRequestHandlers(deps: ServerDeps): ExecutorHandlers {
  const router = createRouter(deps);
  return {
    http(req, res) {
      if (!namesThisHost(req.headers.host, deps.host)) {
        deps.logger.warn(
          { host: req.headers.host, url: req.url },
          "request refused: Host is not this executor's",
        );
        const { headers, text } = encode({ status: 421, body: { error: "unknown Host", status: 421 } });
        res.writeHead(421, headers);
        res.end(text);
        return;
      }
      void router({
        method: req.method ?? "GET",
        url: req.url ?? "/",
        header: (name) => {
          const value = req.headers[name];
          return Array.isArray(value) ? value.join(", ") : value;
        },
        body: () => readBody(req),
      })
        .then((answer) => {
          const { headers, text } = encode(answer);
          res.writeHead(answer.status, headers);
          res.end(text);
        })
        // The answer could not be written (the client went away): nothing to tell it.
        .catch((err: unknown) => {
          deps.logger.warn({ err, url: req.url }, "answer not written");
          res.destroy();
        });
    },
    fetch: (origin) => async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (url.origin !== origin) return fetch(request);
      const answer = await router({
        method: request.method,
        url: url.pathname + url.search,
        header: (name) => request.headers.get(name) ?? undefined,
        body: async () => {
          const bytes = Buffer.from(await request.arrayBuffer());
          assertBodySize(bytes.length);
          return bytes;
        },
      });
      const { headers, text } = encode(answer);
      return new Response(text ?? null, { status: answer.status, headers });
    },
  };
}
