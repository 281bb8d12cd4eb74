import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { expectStartRefused, ROOT } from "./production-server";

/**
 * This checkout and its build, but with Next.js installed without patches/next+*.patch (as
 * `npm ci --ignore-scripts` leaves it): a copy of `next` with the patch taken back out, every
 * other package linked. The shared node_modules is never touched.
 */
function appWithUnpatchedNext(): string {
  const appDir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-e2e-unpatched-"));
  for (const entry of readdirSync(ROOT)) {
    if (entry !== "node_modules" && entry !== ".data") {
      symlinkSync(path.join(ROOT, entry), path.join(appDir, entry));
    }
  }
  const modules = path.join(appDir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(ROOT, "node_modules"))) {
    if (entry !== "next") symlinkSync(path.join(ROOT, "node_modules", entry), path.join(modules, entry));
  }
  cpSync(path.join(ROOT, "node_modules", "next"), path.join(modules, "next"), { recursive: true });
  const patch = readdirSync(path.join(ROOT, "patches")).find((name) => name.startsWith("next+"));
  execFileSync("patch", ["--reverse", "--strip=1", "--directory", appDir], {
    input: readFileSync(path.join(ROOT, "patches", patch as string)),
  });
  return appDir;
}

test("the production server refuses to start when Next.js runs without its X-Forwarded-For patch", async () => {
  const appDir = appWithUnpatchedNext();
  try {
    const log = await expectStartRefused("unpatched-next", {}, appDir);
    expect(log).toContain("The patch patches/next+*.patch is not applied");
    expect(log).toContain(path.join(appDir, "node_modules", "next", "dist", "server", "base-server.js"));
  } finally {
    rmSync(appDir, { recursive: true, force: true });
  }
});
