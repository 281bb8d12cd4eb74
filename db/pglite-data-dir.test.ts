import { mkdtempSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { reloadConfig } from "@/lib/config";

// This file's process opens an embedded database on disk, in a folder that does not exist yet.
const parent = mkdtempSync(path.join(os.tmpdir(), "mealsnap-pglite-modes-"));
const dataDir = path.join(parent, "data", "pglite");
delete process.env.DATABASE_URL;
process.env.PGLITE_DATA_DIR = dataDir;
reloadConfig();

describe("the embedded database's folder", () => {
  it("is created 0700, with its missing parents", async () => {
    await getDb();
    expect(readdirSync(dataDir)).toContain("PG_VERSION");
    // The mode bits themselves: tests may run as root, whom permissions would not stop.
    expect(statSync(path.join(parent, "data")).mode & 0o777).toBe(0o700);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });
});
