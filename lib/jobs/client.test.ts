import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { reloadConfig } from "@/lib/config";

afterEach(() => {
  vi.unstubAllEnvs();
  reloadConfig();
});

describe("the app's Inngest client", () => {
  it("makes the embedded executor's keys when first needed, not when imported (as by `next build`)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-client-keys-"));
    vi.stubEnv("PGLITE_DATA_DIR", path.join(dir, "pglite"));
    vi.stubEnv("INNGEST_EMBEDDED_SIGNING_KEY", undefined);
    vi.stubEnv("INNGEST_EMBEDDED_EVENT_KEY", undefined);
    reloadConfig();
    vi.resetModules();

    const { inngest } = await import("@/lib/jobs/client");
    expect(readdirSync(dir)).toEqual([]);

    const signingKey = inngest.signingKey;
    expect(signingKey).toBe(readFileSync(path.join(dir, "inngest-signing-key"), "utf8"));
    expect(inngest.eventKey).toBe(readFileSync(path.join(dir, "inngest-event-key"), "utf8"));
    // Read once: later uses return the same keys.
    expect(inngest.signingKey).toBe(signingKey);
    expect(existsSync(path.join(dir, "pglite"))).toBe(false);
  });
});
