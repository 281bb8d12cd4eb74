import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { reloadConfig } from "@/lib/config";
import { keptSecret } from "@/lib/kept-secret";

afterEach(() => {
  vi.unstubAllEnvs();
  reloadConfig();
});

describe("keptSecret", () => {
  it("generates a secret once, keeps it owner-only beside the data, and returns it on every later call", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-kept-secret-"));
    vi.stubEnv("PGLITE_DATA_DIR", path.join(dir, "pglite"));
    reloadConfig();
    const generate = vi.fn(() => "generated-secret");
    expect(keptSecret("some-secret", "SOME_SECRET", generate)).toBe("generated-secret");
    expect(keptSecret("some-secret", "SOME_SECRET", () => "another")).toBe("generated-secret");
    expect(generate).toHaveBeenCalledTimes(1);
    const file = path.join(dir, "some-secret");
    expect(readFileSync(file, "utf8")).toBe("generated-secret");
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("creates a missing folder 0700, and leaves an existing one (maybe shared) as it is", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-kept-secret-"));
    vi.stubEnv("PGLITE_DATA_DIR", path.join(dir, "data", "pglite"));
    reloadConfig();
    keptSecret("some-secret", "SOME_SECRET", () => "generated-secret");
    // The mode bits themselves: tests may run as root, whom permissions would not stop.
    expect(statSync(path.join(dir, "data")).mode & 0o777).toBe(0o700);

    const shared = path.join(dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o755);
    vi.stubEnv("PGLITE_DATA_DIR", path.join(shared, "pglite"));
    reloadConfig();
    keptSecret("some-secret", "SOME_SECRET", () => "generated-secret");
    expect(statSync(shared).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(shared, "some-secret")).mode & 0o777).toBe(0o600);
  });
});
