import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { APIResponse } from "@playwright/test";

/** A production server (`next start` of the suite's build) that a spec starts with its own settings. */

const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT_BIN = path.join(ROOT, "node_modules", ".bin", "next");

export interface ProductionServer {
  url: string;
  logFile: string;
  child: ChildProcess;
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

/** Starts `next start` on `port` with `env` over a minimal environment; its output goes to `logFile`. */
export function startServer(port: number, logFile: string, env: Record<string, string>): ProductionServer {
  const log = openSync(logFile, "a");
  const child = spawn(NEXT_BIN, ["start", "-p", String(port)], {
    cwd: ROOT,
    // Its own process group, so stopServer can stop the server and anything it started.
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
      LOG_LEVEL: "info",
      ...env,
    },
  });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { url: `http://127.0.0.1:${port}`, logFile, child, exited };
}

export async function waitHealthy(server: ProductionServer): Promise<Record<string, unknown>> {
  let exitCode: number | null | undefined;
  void server.exited.then((code) => {
    exitCode = code;
  });
  return eventually(
    `${server.url}/api/health`,
    async () => {
      if (exitCode !== undefined) {
        throw new Error(`the server exited (${exitCode}):\n${readFileSync(server.logFile, "utf8")}`);
      }
      const response = await fetch(`${server.url}/api/health`).catch(() => undefined);
      if (!response?.ok) return undefined;
      return (await response.json()) as Record<string, unknown>;
    },
    90_000,
  );
}

export async function stopServer(server: ProductionServer): Promise<void> {
  const pid = server.child.pid;
  if (pid === undefined || server.child.exitCode !== null || server.child.signalCode !== null) return;
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    return;
  }
  const stopped = await Promise.race([
    server.exited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
  ]);
  if (!stopped) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {}
  }
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
