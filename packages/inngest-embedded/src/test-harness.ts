import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import type { InngestFunction } from "inngest";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import type { EmbeddedExecutor, EmbeddedExecutorOptions, ExecutorKeys, RunView } from "./index";
import { generateEventKey, generateSigningKey, silentLogger as silent, startEmbeddedExecutor } from "./index";

export interface Harness {
  executor: EmbeddedExecutor;
  inngest: Inngest;
  keys: ExecutorKeys;
  appUrl: string;
  /** Sends one event through the real SDK and returns the id the executor assigned. */
  send(name: string, data?: Record<string, unknown>, id?: string): Promise<string>;
  /** The single run an event started, once it has settled. */
  settledRunOf(eventId: string): Promise<RunView>;
  close(): Promise<void>;
}

/**
 * Test fixture: an executor on a random port, a real `serve()` endpoint on another, synced
 * through the SDK's own PUT. Functions are defined against the returned client.
 */
export async function startHarness(
  appId: string,
  defineFunctions: (inngest: Inngest) => InngestFunction.Any[],
  /** Wraps the `serve()` handler, e.g. to count or break the executor's calls. */
  wrapApp: (handler: RequestListener) => RequestListener = (handler) => handler,
  /** More executor options (`appInProcess`, for one). */
  executorOptions: Partial<EmbeddedExecutorOptions> = {},
): Promise<Harness> {
  const keys = testKeys();
  const executor = await startEmbeddedExecutor({
    keys,
    port: 0,
    logger: silent,
    retryBackoffMs: () => 20,
    ...executorOptions,
  });
  const inngest = clientFor(appId, executor, keys);
  const app = createServer(wrapApp(serve({ client: inngest, functions: defineFunctions(inngest) })));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  await executor.sync(appUrl);

  const send = async (name: string, data: Record<string, unknown> = {}, id?: string) => {
    const { ids } = await inngest.send({ name, data, ...(id ? { id } : {}) });
    const [eventId] = ids;
    if (!eventId) throw new Error("send returned no id");
    return eventId;
  };
  const settledRunOf = async (eventId: string) => {
    const run = await eventually(() => executor.runsForEvent(eventId)[0]);
    return executor.waitForRun(run.run_id);
  };
  const close = async () => {
    await executor.close();
    app.closeAllConnections();
    await new Promise<void>((resolve) => app.close(() => resolve()));
  };
  return { executor, inngest, keys, appUrl, send, settledRunOf, close };
}

export function testKeys(): ExecutorKeys {
  return { signingKey: generateSigningKey(), eventKey: generateEventKey() };
}

/** An SDK client talking to the executor as the app does: cloud mode, signed, with its keys. */
export function clientFor(appId: string, executor: EmbeddedExecutor, keys: ExecutorKeys): Inngest {
  return new Inngest({ id: appId, isDev: false, baseUrl: executor.url, ...keys, logger: silent });
}

/**
 * The runs of the event a sender sent with its own `id`, found as on real Inngest: the event list
 * (`GET /v1/events?name=`) gives its ULID, then `GET /v1/events/{ulid}/runs`. Empty until the event
 * is listed. `headers` carries the signing key's bearer where the API needs one.
 */
export async function runsOfEventSentAs(
  apiUrl: string,
  event: { name: string; id: string },
  headers: Record<string, string> = {},
): Promise<RunView[]> {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(new URL(path, apiUrl), { headers });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return ((await response.json()) as { data: T }).data;
  };
  let cursor = "";
  for (;;) {
    const page = await get<Array<{ internal_id: string; id: string }>>(
      `/v1/events?name=${encodeURIComponent(event.name)}&limit=50${cursor && `&cursor=${cursor}`}`,
    );
    const listed = page.find((candidate) => candidate.id === event.id);
    if (listed) return get<RunView[]>(`/v1/events/${listed.internal_id}/runs`);
    const last = page.at(-1);
    if (!last) return [];
    cursor = last.internal_id;
  }
}

/** Polls until `probe` returns a value other than undefined/false; no wall-clock assertions. */
export async function eventually<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 20 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Lets the executor keep working for a while, to show that something does NOT happen. */
export const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));
