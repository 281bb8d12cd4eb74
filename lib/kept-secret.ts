import "server-only";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";
import { logger } from "@/lib/logger";
import { makePrivateDirectory, PRIVATE_FILE_MODE } from "@/lib/private-files";

/**
 * A secret generated on first use and kept in a file beside the embedded database (`.data/` by
 * default), so a restart keeps it. For one machine; several instances are given the secret through
 * `variable` instead. Two processes starting at once agree: the first file written wins.
 */
export function keptSecret(file: string, variable: string, generate: () => string): string {
  const { PGLITE_DATA_DIR } = config();
  const dir = PGLITE_DATA_DIR.startsWith("memory://") ? ".data" : path.dirname(path.resolve(PGLITE_DATA_DIR));
  const location = path.join(dir, file);
  try {
    return readFileSync(location, "utf8").trim();
  } catch {
    // Created private; an existing folder may be shared (the parent of PGLITE_DATA_DIR), so it
    // keeps its mode and the file alone is private.
    makePrivateDirectory(dir);
    try {
      writeFileSync(location, generate(), { mode: PRIVATE_FILE_MODE, flag: "wx" });
      logger.warn({ file: location }, `${variable} is not set: generated a local one`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    return readFileSync(location, "utf8").trim();
  }
}
