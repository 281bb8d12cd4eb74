import { mkdtempSync, readFileSync, statSync } from "node:fs";
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
});
