/**
 * Runs the Inngest SDK's own function integration suite (`packages/inngest/src/test/functions` of
 * a local inngest/inngest-js checkout) against the embedded executor in dev-server mode, in place
 * of `inngest-cli dev`, as upstream's `scripts/integrationTestRunner.ts` runs it against the dev
 * server: the suite's functions served on http://localhost:3000/api/inngest, the "dev server" on
 * http://localhost:8288 (both ports are hard-coded in the suite), a sync, then
 * `vitest run src/test/functions` in the checkout. Prints every test with its outcome and, for
 * failures, the reason; exits 1 when any failed.
 *
 *   npm run upstream-suite -w @mealsnap/inngest-embedded -- <checkout> [--sdk checkout|app] [filter…]
 *
 * `--sdk checkout` (default) serves the functions with the checkout's SDK source, as upstream does;
 * `--sdk app` with the `inngest` package installed here. Filters (e.g. `hello-world`) pick test files
 * as `vitest run <filter>` does.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateEventKey, generateSigningKey, startEmbeddedExecutor } from "../src/index";

const DEV_SERVER_PORT = 8288;
const APP_PORT = 3000;
const APP_URL = `http://localhost:${APP_PORT}/api/inngest`;
/** Upstream starts the dev server with `--retry-interval 1`: a step is retried after one second. */
const RETRY_INTERVAL_MS = 1_000;

interface Options {
  checkout: string;
  sdk: "checkout" | "app";
  filters: string[];
}

function parseArgs(argv: string[]): Options {
  const sdkFlag = argv.indexOf("--sdk");
  const sdk = sdkFlag >= 0 ? argv[sdkFlag + 1] : "checkout";
  const positional = argv.filter(
    (arg, index) => !arg.startsWith("--") && (sdkFlag < 0 || index !== sdkFlag + 1),
  );
  const [checkout, ...filters] = positional;
  if (!checkout || (sdk !== "checkout" && sdk !== "app")) {
    console.error("usage: run-upstream-suite <inngest-js checkout> [--sdk checkout|app] [filter…]");
    process.exit(2);
  }
  return { checkout: resolve(checkout), sdk, filters };
}

function sdkPackageDir(checkout: string): string {
  const dir = join(checkout, "packages/inngest");
  const missing = [
    "src/test/functions/index.ts",
    "src/version.ts",
    "node_modules/.bin/vitest",
    "node_modules/@inngest/test-harness",
  ].filter((path) => !existsSync(join(dir, path)));
  if (missing.length > 0) {
    console.error(
      `${dir} lacks ${missing.join(", ")}: give the root of an inngest/inngest-js checkout prepared with ` +
        "`npx pnpm@<its packageManager version> install` at its root and `npx pnpm@<same> run pb:version` in packages/inngest.",
    );
    process.exit(2);
  }
  return dir;
}

/** Where `inngest` and `inngest/node` point for the suite's functions: the checkout's source or the package here. */
function sdkPaths(sdkDir: string, sdk: Options["sdk"]): Record<string, [string]> {
  if (sdk === "app") {
    const require = createRequire(import.meta.url);
    return { inngest: [require.resolve("inngest")], "inngest/node": [require.resolve("inngest/node")] };
  }
  return { inngest: [join(sdkDir, "src/index.ts")], "inngest/node": [join(sdkDir, "src/node.ts")] };
}

async function waitForApp(app: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the functions' server exited with code ${app.exitCode}`);
    const answered = await fetch(APP_URL).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    await new Promise((wake) => setTimeout(wake, 250));
  }
  throw new Error(`the functions' server did not answer on ${APP_URL}`);
}

/** The suite's functions in a child process (they are CommonJS and need the SDK mapped for them). */
function serveFunctions(sdkDir: string, sdk: Options["sdk"], workDir: string): ChildProcess {
  const tsconfig = join(workDir, "tsconfig.json");
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions: { paths: sdkPaths(sdkDir, sdk) } }));
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  const script = fileURLToPath(new URL("./upstream-suite/serve-functions.ts", import.meta.url));
  return spawn(process.execPath, [tsx, "--tsconfig", tsconfig, script, sdkDir, String(APP_PORT)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env,
  });
}

interface AssertionResult {
  fullName: string;
  status: "passed" | "failed" | "skipped" | "pending" | "todo";
  failureMessages: string[];
}
interface FileResult {
  name: string;
  message?: string;
  assertionResults: AssertionResult[];
}

function runVitest(sdkDir: string, workDir: string, filters: string[]): Promise<FileResult[]> {
  // Upstream's vitest.config.ts excludes `**/test/**` and typechecks; the functions suite needs
  // only node, globals and long timeouts.
  const config = join(workDir, "vitest.config.mjs");
  writeFileSync(
    config,
    `export default { test: { root: ${JSON.stringify(sdkDir)}, include: ["src/test/functions/**/*.test.ts"], ` +
      `environment: "node", globals: true, testTimeout: 60000, hookTimeout: 60000 } };\n`,
  );
  const output = join(workDir, "results.json");
  const vitest = spawn(
    join(sdkDir, "node_modules/.bin/vitest"),
    [
      "run",
      ...filters,
      "--config",
      config,
      "--reporter=dot",
      "--reporter=json",
      `--outputFile.json=${output}`,
    ],
    { cwd: sdkDir, stdio: "inherit", env: process.env },
  );
  return new Promise((done, fail) => {
    vitest.once("error", fail);
    vitest.once("exit", () => {
      if (!existsSync(output)) return fail(new Error("vitest wrote no results"));
      done((JSON.parse(readFileSync(output, "utf8")) as { testResults: FileResult[] }).testResults);
    });
  });
}

/** `inngest/package.json` is not exported, so it is read next to the resolved entry point. */
function installedVersion(): string {
  const entry = createRequire(import.meta.url).resolve("inngest");
  return (JSON.parse(readFileSync(join(dirname(entry), "package.json"), "utf8")) as { version: string })
    .version;
}

const firstLines = (text: string, count = 3) =>
  text
    .split("\n")
    .filter((line) => line.trim() && !line.trim().startsWith("at "))
    .slice(0, count)
    .join(" | ");

function report(files: FileResult[], checkout: string): number {
  let passed = 0;
  let total = 0;
  for (const file of files) {
    const name = file.name.replace(`${checkout}/`, "");
    console.log(`\n${name}`);
    if (file.assertionResults.length === 0 && file.message) {
      total += 1;
      console.log(`  FAIL (file) ${firstLines(file.message)}`);
    }
    for (const test of file.assertionResults) {
      total += 1;
      if (test.status === "passed") passed += 1;
      const reason = test.status === "failed" ? `  — ${firstLines(test.failureMessages.join("\n"))}` : "";
      console.log(
        `  ${test.status === "passed" ? "PASS" : test.status.toUpperCase()} ${test.fullName}${reason}`,
      );
    }
  }
  console.log(`\n${passed}/${total} passed`);
  return total - passed;
}

async function main(): Promise<void> {
  const { checkout, sdk, filters } = parseArgs(process.argv.slice(2));
  const sdkDir = sdkPackageDir(checkout);
  const version = (JSON.parse(readFileSync(join(sdkDir, "package.json"), "utf8")) as { version: string })
    .version;
  // The suite expects a bare dev environment; keys or URLs from this shell would change the SDK's mode.
  for (const name of Object.keys(process.env)) if (name.startsWith("INNGEST_")) delete process.env[name];

  const served = sdk === "app" ? `the installed inngest ${installedVersion()}` : "its own SDK";
  console.log(`upstream suite of inngest ${version}; functions served by ${served}`);

  const executor = await startEmbeddedExecutor({
    keys: { signingKey: generateSigningKey(), eventKey: generateEventKey() },
    port: DEV_SERVER_PORT,
    devServer: true,
    retryBackoffMs: () => RETRY_INTERVAL_MS,
  });
  const workDir = mkdtempSync(join(tmpdir(), "upstream-suite-"));
  const app = serveFunctions(sdkDir, sdk, workDir);
  let failures = 1;
  try {
    await waitForApp(app);
    await executor.sync(APP_URL);
    failures = report(await runVitest(sdkDir, workDir, filters), checkout);
  } finally {
    app.kill();
    rmSync(workDir, { recursive: true, force: true });
    await executor.close();
  }
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
