import type { IncomingMessage, ServerResponse } from "node:http";
import type { CelEvaluator } from "./cel";
import type { CronScheduler } from "./cron";
import type { EventIntake } from "./events";
import { InvalidEventError } from "./events";
import { renderRunsPage } from "./inspection";
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
  /** Dev-server mode: unsigned syncs, any event key, and the dev server's `/dev` and `/v0/gql`. */
  devServer: boolean;
}

/**
 * Options the SDK can register that this executor does not implement: a sync carrying one fails
 * rather than running the function without the limit it asked for.
 */
const UNSUPPORTED_OPTIONS = ["rateLimit", "throttle", "debounce", "batchEvents", "priority", "singleton"];

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "request body too large");
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "request body is not valid JSON");
  }
}

function send(res: ServerResponse, status: number, body: unknown, contentType = "application/json"): void {
  if (body === undefined) {
    res.writeHead(status, { "cache-control": "no-store" });
    res.end();
    return;
  }
  const text = contentType === "application/json" ? JSON.stringify(body) : String(body);
  res.writeHead(status, { "content-type": `${contentType}; charset=utf-8`, "cache-control": "no-store" });
  res.end(text);
}

/** Routes of the Inngest server surface the SDK and developers use. */
export function createRequestHandler(deps: ServerDeps) {
  const { registry, cron, intake, runner, store, logger, keys, devServer } = deps;
  const syncBearer = `Bearer ${hashedSigningKey(keys.signingKey)}`;

  async function register(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!devServer && !sameSecret(req.headers.authorization, syncBearer)) {
      throw new HttpError(401, "sync refused: the signing key does not match this executor's");
    }
    const parsed = registerBodySchema.safeParse(await readJson(req));
    if (!parsed.success) throw new HttpError(400, `invalid sync body: ${parsed.error.issues[0]?.message}`);
    const { appName, url, functions } = parsed.data;
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
    send(res, 200, { ok: true, modified: true });
  }

  async function ingest(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
    if (!devServer && !sameSecret(key, keys.eventKey)) throw new HttpError(401, "event key not found");
    const body = await readJson(req);
    const seed = req.headers["x-inngest-event-id-seed"];
    try {
      const { ids, fresh } = intake.accept(body, typeof seed === "string" ? seed : undefined);
      for (const event of fresh) runner.dispatch(event);
      send(res, 200, { ids, status: 200 });
    } catch (err) {
      // Inngest's event API answers a refused batch in its usual shape, with the error.
      if (err instanceof InvalidEventError)
        return send(res, 400, { ids: [], status: 400, error: err.message });
      throw err;
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname, searchParams } = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";

    if (method === "GET" && pathname === "/health") return send(res, 200, { ok: true });
    if (method === "GET" && pathname === "/") {
      return send(res, 200, renderRunsPage(store.recent(RUNS_ON_PAGE)), "text/html");
    }
    if (method === "POST" && pathname === "/fn/register") return register(req, res);
    const eventKey = pathname.match(/^\/e\/([^/]+)$/)?.[1];
    if (method === "POST" && eventKey) return ingest(req, res, eventKey);
    const answer = await handleRest(
      {
        method,
        pathname,
        query: searchParams,
        body: () => readJson(req),
        authorized: sameSecret(req.headers.authorization, syncBearer),
      },
      deps,
    );
    if (answer) return send(res, answer.status, answer.body);
    if (devServer) {
      // Loaded only in dev-server mode: production never carries these routes or their parser.
      const { handleDevServer } = await import("./dev-server/routes");
      const devAnswer = await handleDevServer({ method, pathname, body: () => readJson(req) }, deps);
      if (devAnswer) return send(res, devAnswer.status, devAnswer.body);
    }
    throw new HttpError(404, `no route for ${method} ${pathname}`);
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) logger.error({ err, url: req.url }, "request failed");
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) send(res, status, { error: message, status });
      else res.end();
    });
  };
}
