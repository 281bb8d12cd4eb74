import "server-only";
import sharp from "sharp";
import { getStorage } from "@/lib/storage";
import { inImageWorker } from "./image-work";
import { toSmallPhoto } from "./process-image";

/**
 * Where the small copy of a stored photo lives: beside it, under the same prefix (one bucket
 * grant on `photos/*` covers both), `photos/<user>/<photo>.jpg` → `photos/<user>/<photo>-small.webp`.
 */
export const smallPhotoKey = (storageKey: string) => `${storageKey.replace(/\.[a-z0-9]+$/i, "")}-small.webp`;

/**
 * The small copy of a stored photo (WebP, at most SMALL_PHOTO_WIDTH wide). An upload stores it
 * beside the photo (add-photo.ts); for a photo stored before uploads did, it is made from the
 * stored bytes the first time it is asked for and stored for every later request. Null when the
 * original is gone.
 */
export async function readSmallPhoto(storageKey: string): Promise<Uint8Array | null> {
  const storage = getStorage();
  const key = smallPhotoKey(storageKey);
  const stored = await storage.get(key);
  if (stored) return stored;
  const original = await storage.get(storageKey);
  if (!original) return null;
  const small = await inImageWorker(() => toSmallPhoto(sharp(original)).toBuffer());
  await storage.put(key, small, "image/webp");
  return small;
}
