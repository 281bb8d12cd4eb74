import { expect, test } from "@playwright/test";
import { expectStartRefused } from "./production-server";

/**
 * `next start` with a value the configuration refuses ends with exit code 1 and names the
 * variable, instead of serving with a broken configuration (instrumentation.ts, lib/server-start.ts).
 */
test("a refused configuration stops the production server, naming the variable", async () => {
  const log = await expectStartRefused("bad-configuration", { SESSION_CACHE_SECONDS: "100000" });
  expect(log).toContain("Invalid configuration");
  expect(log).toMatch(/SESSION_CACHE_SECONDS: /);
});
