import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig, reloadConfig } from "@/lib/config";
import { appServeUrl } from "@/lib/jobs/client";

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

describe("the app's serve URL (where Inngest calls its jobs)", () => {
  const SIGNING_KEY = `signkey-test-${"ab".repeat(32)}`;
  const cloud = { INNGEST_SIGNING_KEY: SIGNING_KEY, INNGEST_EVENT_KEY: "e".repeat(32) };

  it("is this port on loopback for the embedded executor, whatever the public URL", () => {
    const env = parseConfig({ PORT: "3400", BETTER_AUTH_URL: "https://meals.example.com" });
    expect(appServeUrl(env)).toBe("http://127.0.0.1:3400/api/inngest");
  });

  it("is INNGEST_SERVE_ORIGIN's, else the public URL's origin, for an external Inngest", () => {
    const publicUrl = { BETTER_AUTH_URL: "https://meals.example.com/app" };
    expect(appServeUrl(parseConfig({ ...cloud, ...publicUrl }))).toBe(
      "https://meals.example.com/api/inngest",
    );
    expect(
      appServeUrl(
        parseConfig({ ...cloud, ...publicUrl, INNGEST_SERVE_ORIGIN: "http://mealsnap.internal:3000" }),
      ),
    ).toBe("http://mealsnap.internal:3000/api/inngest");
    expect(appServeUrl(parseConfig({ INNGEST_DEV: "1", PORT: "3400" }))).toBe(
      "http://localhost:3400/api/inngest",
    );
  });
});
