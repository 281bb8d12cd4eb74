import "server-only";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { claimPrivateDirectory, PRIVATE_DIRECTORY_MODE, PRIVATE_FILE_MODE } from "@/lib/private-files";
import { assertSafeKey, type PhotoStorage } from "./storage";

/**
 * Local-disk storage under one root folder, the server user's alone (folders 0700, photos 0600);
 * writes are atomic (temp file, then rename).
 */
export class DiskStorage implements PhotoStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    claimPrivateDirectory(this.root);
  }

  private pathFor(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathFor(key);
    await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, bytes, { mode: PRIVATE_FILE_MODE });
    await rename(temp, target);
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.pathFor(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathFor(key), { force: true });
  }
}
