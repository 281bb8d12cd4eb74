import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { runCommand } from "./processes";

export const DIST_DIR = ".next-bench";

// Everything that goes into the production build.
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "db",
  "inngest",
  "public",
  "instrumentation.ts",
  "next.config.ts",
  "package-lock.json",
  "tsconfig.json",
];

function newestMtime(entry: string): number {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(entry);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, child) => Math.max(newest, newestMtime(path.join(entry, child))),
    stats.mtimeMs,
  );
}

function buildIsFresh(distDir: string): boolean {
  const built = newestMtime(path.join(distDir, "BUILD_ID"));
  return built > 0 && built > Math.max(...BUILD_INPUTS.map(newestMtime));
}

/** `NEXT_DIST_DIR=<distDir> next build`, unless that build is newer than every source. */
export async function ensureBuild(skip: boolean, distDir = DIST_DIR): Promise<"built" | "fresh" | "skipped"> {
  if (skip) return "skipped";
  if (buildIsFresh(distDir)) return "fresh";
  await runCommand("npx", ["next", "build"], {
    env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
  });
  return "built";
}

export interface AppServer {
  url: string;
  /** The largest peak resident set (VmHWM) among the server's processes so far, in MiB. */
  peakRssMiB: () => number;
  stop: () => Promise<void>;
}

/** Peak resident set of every live process in a process group (Linux /proc), the largest one. */
function peakRssOfGroup(groupId: number): number {
  let peakKiB = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The process group is the 5th field after the parenthesised command name.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== groupId) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, "utf8"));
      peakKiB = Math.max(peakKiB, Number(hwm?.[1] ?? 0));
    } catch {
      // The process ended while being read.
    }
  }
  return Math.round(peakKiB / 1024);
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    const status = await fetch(`${url}/api/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`GET /api/health did not answer 200 within 120 s:\n${output()}`);
}

/** `next start` on a build in its own process group, up once /api/health answers 200. */
export async function startAppServer(
  port: number,
  env: Record<string, string>,
  distDir = DIST_DIR,
  /** Node flags for the server process (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeFlags: string[] = [],
): Promise<AppServer> {
  const nextArgs = ["start", "-p", String(port), "-H", "127.0.0.1"];
  const [command, args] =
    nodeFlags.length > 0
      ? [
          process.execPath,
          [...nodeFlags, path.join("node_modules", "next", "dist", "bin", "next"), ...nextArgs],
        ]
      : ["npx", ["next", ...nextArgs]];
  const child = spawn(command, args, {
    env: { ...process.env, ...env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    signalGroup("SIGTERM");
    const timer = setTimeout(() => signalGroup("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, peakRssMiB: () => (child.pid === undefined ? 0 : peakRssOfGroup(child.pid)), stop };
}
