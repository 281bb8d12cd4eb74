import "server-only";
import { config } from "@/lib/config";
import { DiskStorage } from "./disk-storage";
import type { PhotoStorage } from "./storage";

export type { PhotoStorage } from "./storage";

let storage: PhotoStorage | undefined;

export function getStorage(): PhotoStorage {
  if (!storage) {
    const { STORAGE_DRIVER, STORAGE_DIR } = config();
    if (STORAGE_DRIVER !== "disk") {
      throw new Error(`STORAGE_DRIVER=${STORAGE_DRIVER} is not available in this build; use "disk"`);
    }
    storage = new DiskStorage(STORAGE_DIR);
  }
  return storage;
}
