/**
 * `npm run bench:profile [-- --duration=S --no-build]`
 *
 * CPU profiles of the diary and the cancel under load: the production build (.next-bench, built
 * if older than the sources) started under `node --cpu-prof`, a seeded heavy user (bench/seed.ts),
 * autocannon at 16 connections on one endpoint, then the server stopped so that Node writes the
 * profile; once per endpoint, each on a fresh server. Prints each profile's top frames by self
 * time and its time by package, and keeps the .cpuprofile files (open them in Chrome DevTools).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Request } from "autocannon";
import postgres from "postgres";
import { pick } from "./context";
import { makeBenchImages } from "./images";
import { runLoad } from "./measure-http";
import { renewSessionCache, seedDataset, signUp } from "./seed";
import { appEnvironment } from "./setup/app-environment";
import { createBenchDatabase } from "./setup/database";
import { freePort } from "./setup/processes";
import { ensureBuild, startAppServer } from "./setup/server";

const PROFILES_DIR = path.join("bench", "results", "profiles");
const CONNECTIONS = 16;
const TOP = 15;

const args = process.argv.slice(2);
const durationS = Number(args.find((arg) => arg.startsWith("--duration="))?.split("=")[1] ?? 10);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Now on V8's profile clock (CLOCK_MONOTONIC in µs, shared by every process of the machine). */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** Where a frame's code lives: a package, Node itself, the app's bundle, or V8's own buckets. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith("node:")) return "node";
  if (url.includes("/server/chunks/") || url.includes("/server/app/")) return "app bundle";
  return path.relative(process.cwd(), url.replace(/^file:\/\//, ""));
}

function frameLabel({ functionName, url, lineNumber }: ProfileNode["callFrame"]): string {
  const where = url.startsWith("node:")
    ? url.replace("node:internal/", "")
    : url.includes("/server/")
      ? `app bundle ${path.basename(url)}`
      : areaOf(url, functionName);
  return `${functionName || "(anonymous)"}  ${where}${url ? `:${lineNumber + 1}` : ""}`;
}

/** Self time of the samples taken while the load ran, by frame and by area; idle apart. */
function summarise(profile: CpuProfile, window: { from: number; to: number }) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const frames = new Map<string, number>();
  const areas = new Map<string, number>();
  let at = profile.startTime;
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    const node = byId.get(id);
    if (!node || at < window.from || at > window.to) return;
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    if (area === "(idle)") {
      idle += 1;
      return;
    }
    busy += 1;
    const label = frameLabel(node.callFrame);
    frames.set(label, (frames.get(label) ?? 0) + 1);
    areas.set(area, (areas.get(area) ?? 0) + 1);
  });
  const top = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([name, hits]) => `${((100 * hits) / (busy || 1)).toFixed(1).padStart(5)} %  ${name}`);
  const idleShare = (100 * idle) / (busy + idle || 1);
  return { frames: top(frames), areas: top(areas), idleShare, samples: busy };
}

/** The largest profile of the run: the server process (npx and helpers write small ones too). */
async function largestProfile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((file) => file.endsWith(".cpuprofile"));
  const sized = await Promise.all(
    files.map(async (file) => ({ file, size: (await stat(path.join(dir, file))).size })),
  );
  const largest = sized.sort((a, b) => b.size - a.size)[0];
  if (!largest) throw new Error(`no .cpuprofile written in ${dir}`);
  return path.join(dir, largest.file);
}

async function main() {
  const database = await createBenchDatabase("mealsnap_profile");
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  const storageDir = await mkdtemp(path.join(os.tmpdir(), "mealsnap-profile-storage-"));
  try {
    await ensureBuild(args.includes("--no-build"));
    const images = await makeBenchImages();
    const port = await freePort();
    // One environment (one auth secret) for both servers, so the seeded user's cookie holds.
    const env = appEnvironment(database.url, port, await freePort(), storageDir);
    await mkdir(PROFILES_DIR, { recursive: true });

    let stopRenewing = () => {};
    let seeded: { cookieOf: () => string; dates: string[]; mealIds: string[] } | undefined;
    let window = { from: 0, to: 0 };
    for (const scenario of ["diary", "cancel"] as const) {
      const profileDir = path.join(PROFILES_DIR, scenario);
      await rm(profileDir, { recursive: true, force: true });
      const server = await startAppServer(port, env, undefined, [
        "--cpu-prof",
        `--cpu-prof-dir=${path.resolve(profileDir)}`,
      ]);
      try {
        if (!seeded) {
          const heavy = await signUp(server.url, "heavy");
          await seedDataset(sql, {
            heavyUserId: heavy.id,
            storageDir,
            seedJpeg: images.thumbnail,
            cancelEvents: 0,
          });
          const meals = await sql<{ id: string; date: string }[]>`
            select id, date::text from meals where user_id = ${heavy.id}`;
          seeded = {
            cookieOf: () => heavy.cookie,
            dates: meals.map((meal) => meal.date),
            mealIds: meals.map((meal) => meal.id),
          };
          stopRenewing = renewSessionCache(server.url, heavy);
        }
        const user = seeded;
        const request: Request =
          scenario === "diary"
            ? {
                method: "GET",
                setupRequest: (params) => ({
                  ...params,
                  headers: { cookie: user.cookieOf() },
                  path: `/api/meals?date=${pick(user.dates)}`,
                }),
              }
            : {
                method: "POST",
                path: "/api/ai/cancel",
                setupRequest: (params) => ({
                  ...params,
                  headers: {
                    cookie: user.cookieOf(),
                    "content-type": "application/json",
                    origin: server.url,
                  },
                  body: JSON.stringify({ clientCancelId: crypto.randomUUID(), mealId: pick(user.mealIds) }),
                }),
              };
        const target = { name: scenario, url: server.url, request };
        await runLoad(target, CONNECTIONS, 3); // warm-up
        window = { from: monotonicMicros(), to: 0 };
        const run = await runLoad(target, CONNECTIONS, durationS);
        window.to = monotonicMicros();
        console.log(
          `\n## ${scenario}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50} ms, ${CONNECTIONS} connections, ${durationS} s, non-2xx ${run.non2xx}`,
        );
      } finally {
        await server.stop();
      }
      const file = await largestProfile(profileDir);
      const { frames, areas, idleShare, samples } = summarise(
        JSON.parse(await readFile(file, "utf8")),
        window,
      );
      console.log(
        `profile: ${file}\n(the measured run only: ${samples} busy samples; the server idle ${idleShare.toFixed(1)} % of it)\n\n` +
          `self time by area, share of busy time:\n${areas.join("\n")}\n\ntop frames by self time:\n${frames.join("\n")}`,
      );
    }
    stopRenewing();
  } finally {
    await sql.end({ timeout: 5 });
    await database.drop();
    await rm(storageDir, { recursive: true, force: true });
  }
}

await main();
