import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { connect, createServer, type Server, type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type APIRequestContext, type APIResponse, expect, request, type TestInfo } from "@playwright/test";
import postgres from "postgres";

/**
 * Production servers (`next start` of the build) as real processes on a database of their own,
 * and the API calls the specs that run them make. Shared by the multi-process specs.
 */

export const ROOT = path.resolve(import.meta.dirname, "..");
/** The `next` command of an app folder: its own installed copy of Next.js. */
const nextBin = (appDir: string) => path.join(appDir, "node_modules", "next", "dist", "bin", "next");
const SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const PHOTO = readFileSync(path.join(import.meta.dirname, "fixtures", "salad-2.jpg"));

export interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** Polls `probe` until it returns a value (not undefined/false); fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A Postgres database of the spec's own, migrated; `drop` removes it. */
export async function freshDatabase(prefix: string) {
  const name = `${prefix}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await promisify(execFile)("npx", ["tsx", "--conditions=react-server", "db/migrate.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url.toString() },
  });
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  return {
    url: url.toString(),
    sql,
    drop: async () => {
      await sql.end({ timeout: 5 }).catch(() => {});
      await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await admin.end({ timeout: 5 }).catch(() => {});
    },
  };
}

/**
 * Starts `next start` of the app in `appDir` (this checkout unless given) in its own process
 * group, logging to `<workDir>/<name>.log`.
 */
export function startServerProcess(
  workDir: string,
  name: string,
  port: number,
  env: Record<string, string>,
  appDir = ROOT,
): ServerProcess {
  const logFile = path.join(workDir, `${name}.log`);
  const log = openSync(logFile, "a");
  const child = spawn(nextBin(appDir), ["start", "-p", String(port)], {
    cwd: appDir,
    // Its own process group, so a spec can stop (or kill) the server and anything it started.
    detached: true,
    stdio: ["ignore", log, log],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? os.tmpdir(),
      TMPDIR: os.tmpdir(),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      // The build to serve (next.config.ts reads it; empty → .next).
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? "",
      PORT: String(port),
      BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "info",
      ...env,
    },
  });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { name, url: `http://127.0.0.1:${port}`, child, logFile, exited };
}

/**
 * A server of a spec's own on the embedded database and executor, in a fresh work folder: `env`
 * adds to (or overrides) that; `appDir` as for startServerProcess.
 */
export async function startOwnServer(
  name: string,
  env: Record<string, string>,
  appDir?: string,
): Promise<ServerProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `mealsnap-e2e-${name}-`));
  return startServerProcess(
    dir,
    name,
    await freePort(),
    {
      DATABASE_URL: "",
      PGLITE_DATA_DIR: path.join(dir, "pglite"),
      STORAGE_DIR: path.join(dir, "uploads"),
      INNGEST_EMBEDDED_PORT: String(await freePort()),
      INNGEST_EMBEDDED_ALLOW_PRODUCTION: "1",
      ...env,
    },
    appDir,
  );
}

/**
 * Starts a server (startOwnServer) that must refuse to start: it exits with code 1 within 45 s;
 * answers its log. A server still running then fails the test.
 */
export async function expectStartRefused(
  name: string,
  env: Record<string, string>,
  appDir?: string,
): Promise<string> {
  const server = await startOwnServer(name, env, appDir);
  try {
    const code = await Promise.race([
      server.exited,
      new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 45_000)),
    ]);
    expect(code).toBe(1);
    return readFileSync(server.logFile, "utf8");
  } finally {
    await stopServer(server);
  }
}

export async function waitHealthy(server: ServerProcess): Promise<Record<string, unknown>> {
  let exitCode: number | null | undefined;
  void server.exited.then((code) => {
    exitCode = code;
  });
  return eventually(
    `${server.name} /api/health`,
    async () => {
      if (exitCode !== undefined) {
        throw new Error(`${server.name} exited (${exitCode}):\n${readFileSync(server.logFile, "utf8")}`);
      }
      const response = await fetch(`${server.url}/api/health`).catch(() => undefined);
      if (!response?.ok) return undefined;
      return (await response.json()) as Record<string, unknown>;
    },
    90_000,
  );
}

const isRunning = (server: ServerProcess) =>
  server.child.pid !== undefined && server.child.exitCode === null && server.child.signalCode === null;

/** Sends `sig` to the server's process group; false when it is not running. */
function signalGroup(server: ServerProcess, sig: NodeJS.Signals): boolean {
  const pid = server.child.pid;
  if (pid === undefined || !isRunning(server)) return false;
  try {
    process.kill(-pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL to the whole process group: the server and its embedded executor die at once. */
export async function killServer(server: ServerProcess): Promise<void> {
  if (signalGroup(server, "SIGKILL")) await server.exited;
}

export async function stopServer(server: ServerProcess): Promise<void> {
  if (!signalGroup(server, "SIGTERM")) return;
  const stopped = await Promise.race([
    server.exited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
  ]);
  if (!stopped) await killServer(server);
}

export async function apiClient(baseURL: string, cookie?: string): Promise<APIRequestContext> {
  return request.newContext({
    baseURL,
    extraHTTPHeaders: { origin: baseURL, ...(cookie ? { cookie } : {}) },
  });
}

export async function jsonOf<T>(response: APIResponse, status: number): Promise<T> {
  expect(response.status(), `${response.url()}: ${await response.text()}`).toBe(status);
  return (await response.json()) as T;
}

/** The session cookie a sign-up or sign-in set (`__Secure-` prefixed when the public URL is https). */
export function sessionCookie(response: APIResponse): string {
  const cookie = response
    .headersArray()
    .filter((header) => header.name.toLowerCase() === "set-cookie")
    .map((header) => header.value.split(";")[0] ?? "")
    .find((value) => /^(__Secure-)?better-auth\.session_token=/.test(value));
  if (!cookie) throw new Error(`${response.url()} set no session cookie (${response.status()})`);
  return cookie;
}

/** Signs a fresh user up through `context` (anonymous); answers its id and session cookie. */
export async function signUpThrough(context: APIRequestContext, name: string) {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  const response = await context.post("/api/auth/sign-up/email", {
    data: { email, password: "correct-horse-1", name },
  });
  const { user } = await jsonOf<{ user: { id: string } }>(response, 200);
  return { id: user.id, email, cookie: sessionCookie(response) };
}

export interface PhotoView {
  id: string;
  status: string;
  attempt: number;
}
export interface MealView {
  meal: { id: string; status: string };
  photos: PhotoView[];
  items: { photoId: string | null }[];
}

export async function createMeal(context: APIRequestContext): Promise<string> {
  const response = await context.post("/api/meals", { data: { clientRequestId: randomUUID() } });
  return (await jsonOf<{ meal: { id: string } }>(response, 201)).meal.id;
}

export async function upload(context: APIRequestContext, mealId: string): Promise<string> {
  const response = await context.post(`/api/meals/${mealId}/photos`, {
    multipart: {
      file: { name: "salad.jpg", mimeType: "image/jpeg", buffer: PHOTO },
      clientUploadId: randomUUID(),
    },
  });
  return (await jsonOf<{ photo: { id: string } }>(response, 201)).photo.id;
}

export async function mealView(context: APIRequestContext, mealId: string): Promise<MealView> {
  return jsonOf<MealView>(await context.get(`/api/meals/${mealId}`), 200);
}

/** The admin an admin spec's server seeds (ADMIN_EMAIL, ADMIN_PASSWORD). */
export const SEEDED_ADMIN = {
  name: "Operator",
  email: "operator@mealsnap.example",
  password: "operator-password-1",
};

/**
 * A server of a spec's own (startOwnServer, `env` added) with the seeded admin, where every
 * recognition fails, and a user whose one photo has failed: something for the admin pages to
 * show and retry.
 */
export async function startAdminServerWithFailedPhoto(name: string, env: Record<string, string>) {
  const server = await startOwnServer(name, {
    DEMO_RECOGNITION_LATENCY_MS: "0",
    DEMO_RECOGNITION_FAILURE_RATE: "1",
    RECOGNITION_RETRIES: "0",
    RATE_LIMIT_AUTH_PER_MINUTE: "0",
    ADMIN_EMAIL: SEEDED_ADMIN.email,
    ADMIN_PASSWORD: SEEDED_ADMIN.password,
    ...env,
  });
  await waitHealthy(server);
  const anonymous = await apiClient(server.url);
  const owner = await signUpThrough(anonymous, "Owner");
  await anonymous.dispose();
  const ownerApi = await apiClient(server.url, owner.cookie);
  const mealId = await createMeal(ownerApi);
  const photoId = await upload(ownerApi, mealId);
  await eventually("the photo fails", async () => {
    const photo = (await mealView(ownerApi, mealId)).photos[0];
    return photo?.status === "FAILED" ? photo : undefined;
  });
  return { server, owner, ownerApi, mealId, photoId };
}

/** A failed test carries every server's log. */
export async function attachLogsOnFailure(testInfo: TestInfo, servers: ServerProcess[]): Promise<void> {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const server of servers) {
    await testInfo.attach(`${server.name}.log`, { path: server.logFile, contentType: "text/plain" });
  }
}

/** What a spec started, in the order it must go: API clients, servers, database, work folder. */
export async function tearDown(started: {
  contexts: APIRequestContext[];
  servers: ServerProcess[];
  database?: { drop: () => Promise<void> };
  workDir: string;
  also?: () => Promise<void>;
}): Promise<void> {
  for (const context of started.contexts) await context.dispose().catch(() => {});
  await Promise.all(started.servers.map(stopServer));
  await started.also?.().catch(() => {});
  await started.database?.drop();
  if (started.workDir) await rm(started.workDir, { recursive: true, force: true }).catch(() => {});
}

/** A TCP relay to `targetPort` that a spec can switch off (connection refused) and on again. */
export function switchableProxy(targetPort: number) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const open = (port: number) =>
    new Promise<void>((resolve) => {
      server = createServer((inbound) => {
        const outbound = connect(targetPort, "127.0.0.1");
        sockets.add(inbound).add(outbound);
        inbound.pipe(outbound).pipe(inbound);
        const drop = () => {
          inbound.destroy();
          outbound.destroy();
          sockets.delete(inbound);
          sockets.delete(outbound);
        };
        inbound.on("error", drop).on("close", drop);
        outbound.on("error", drop).on("close", drop);
      });
      server.listen(port, "127.0.0.1", resolve);
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
    });
  return { open, close };
}
