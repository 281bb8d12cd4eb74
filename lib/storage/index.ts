import "server-only";
import { config } from "@/lib/config";
import { DiskStorage } from "./disk-storage";
import { S3Storage } from "./s3-storage";
import type { PhotoStorage } from "./storage";

export type { PhotoStorage } from "./storage";

let storage: PhotoStorage | undefined;

function createStorage(): PhotoStorage {
  const env = config();
  switch (env.STORAGE_DRIVER) {
    case "disk":
      return new DiskStorage(env.STORAGE_DIR);
    case "s3":
      return new S3Storage({
        // config() refuses STORAGE_DRIVER=s3 without S3_BUCKET.
        bucket: env.S3_BUCKET ?? "",
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
      });
  }
}

/** The driver chosen by STORAGE_DRIVER (`disk` | `s3`), built once per process. */
export function getStorage(): PhotoStorage {
  storage ??= createStorage();
  return storage;
}

/**
 * Storage reachability for GET /api/health: S3 answers HeadBucket; the disk driver has no check.
 * A failed HeadBucket is logged with its cause by the driver.
 */
export async function checkStorage(): Promise<{ ok: boolean; driver: string; problem?: string }> {
  const current = getStorage();
  if (!(current instanceof S3Storage)) return { ok: true, driver: config().STORAGE_DRIVER };
  try {
    await current.healthCheck();
    return { ok: true, driver: "s3" };
  } catch (error) {
    return { ok: false, driver: "s3", problem: (error as Error).message };
  }
}

/** Tests only: forgets the driver so the next getStorage() re-reads config() (after reloadConfig()). */
export function resetStorageForTests(): void {
  if (storage instanceof S3Storage) storage.destroy();
  storage = undefined;
}
