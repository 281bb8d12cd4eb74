import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { startOwnServer, stopServer } from "./production-server";

/**
 * `next start` with a value the configuration refuses ends with exit code 1 and names the
 * variable, instead of serving with a broken configuration (instrumentation.ts, lib/server-start.ts).
 */
test("a refused configuration stops the production server, naming the variable", async () => {
  const server = await startOwnServer("bad-configuration", { SESSION_CACHE_SECONDS: "100000" });
  try {
    const code = await Promise.race([
      server.exited,
      new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 45_000)),
    ]);
    expect(code).toBe(1);
    const log = readFileSync(server.logFile, "utf8");
    expect(log).toContain("Invalid configuration");
    expect(log).toMatch(/SESSION_CACHE_SECONDS: /);
  } finally {
    await stopServer(server);
  }
});
