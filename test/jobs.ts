import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type EmbeddedExecutor,
  type RunView,
  silentLogger,
  startEmbeddedExecutor,
} from "@mealsnap/inngest-embedded";
import { eventually, runsOfEventSentAs, testKeys } from "@mealsnap/inngest-embedded/test-harness";
import { serve } from "inngest/node";
import { photoUploaded, recognitionEventId } from "@/lib/jobs/events";

export { eventually };

/**
 * The jobs backend of a test file: the embedded executor on the port the app's Inngest client
 * points at (INNGEST_EMBEDDED_PORT, chosen by setup-env), and, once `startJobs()` is called, the
 * app's real functions served by the SDK over HTTP and synced into it.
 */
let executor: EmbeddedExecutor | undefined;
let appServer: Server | undefined;

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** This file's executor keys, also given to the app's Inngest client (read when it first needs one). */
const keys = testKeys();

/** An executor on `port`; every call it makes is signed as in production. A restart keeps the keys. */
export async function startExecutor(port: number): Promise<void> {
  process.env.INNGEST_EMBEDDED_PORT = String(port);
  process.env.INNGEST_EMBEDDED_SIGNING_KEY = keys.signingKey;
  process.env.INNGEST_EMBEDDED_EVENT_KEY = keys.eventKey;
  executor = await startEmbeddedExecutor({ keys, port, logger: silentLogger, retryBackoffMs: () => 50 });
}

export function jobs(): EmbeddedExecutor {
  if (!executor) throw new Error("the test executor is not running");
  return executor;
}

/**
 * Serves the app's functions (the same client and `functions` array as app/api/inngest); `wrapApp`
 * wraps that endpoint, e.g. to capture the executor's calls.
 */
export async function startJobs(
  wrapApp: (endpoint: RequestListener) => RequestListener = (endpoint) => endpoint,
): Promise<EmbeddedExecutor> {
  const running = jobs();
  if (!appServer) {
    const { inngest } = await import("@/lib/jobs/client");
    const { functions } = await import("@/inngest/functions");
    appServer = createServer(wrapApp(serve({ client: inngest, functions })));
    await new Promise<void>((resolve) => appServer?.listen(0, "127.0.0.1", resolve));
    const { port } = appServer.address() as AddressInfo;
    await running.sync(`http://127.0.0.1:${port}/api/inngest`);
  }
  return running;
}

export async function stopJobs(): Promise<void> {
  if (appServer) {
    appServer.closeAllConnections();
    await new Promise<void>((resolve) => appServer?.close(() => resolve()));
    appServer = undefined;
  }
  await executor?.close();
  executor = undefined;
}

/** The recognition runs of a photo attempt, looked up through the REST API as on real Inngest. */
export function recognitionRuns(photoId: string, attempt = 1): Promise<RunView[]> {
  const event = { name: photoUploaded.name, id: recognitionEventId({ photoId, attempt }) };
  return runsOfEventSentAs(jobs().url, event);
}

/** Every recognition run of a photo attempt, settled. */
export async function settledRecognition(photoId: string, attempt = 1): Promise<RunView> {
  const run = await eventually(async () => (await recognitionRuns(photoId, attempt))[0]);
  return jobs().waitForRun(run.run_id, 60_000);
}
