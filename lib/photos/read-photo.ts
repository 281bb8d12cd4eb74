import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { mealPhotos } from "@/db/schema";
import { notFound } from "@/lib/http/errors";
import { getStorage } from "@/lib/storage";
import { readSmallPhoto } from "./small-photo";

/**
 * The stored bytes of the caller's photo, or its small copy; 404 for a missing photo, someone
 * else's, or lost bytes.
 */
export async function readPhoto(userId: string, photoId: string, size: "full" | "small" = "full") {
  const db = await getDb();
  const [photo] = await db
    .select({ storageKey: mealPhotos.storageKey, mime: mealPhotos.mime, sha256: mealPhotos.sha256 })
    .from(mealPhotos)
    .where(and(eq(mealPhotos.id, photoId), eq(mealPhotos.userId, userId)));
  if (!photo) throw notFound("Photo");
  if (size === "small") {
    const small = await readSmallPhoto(photo.storageKey);
    if (!small) throw notFound("Photo");
    return { bytes: small, mime: "image/webp", etag: `"${photo.sha256}-small"` };
  }
  const bytes = await getStorage().get(photo.storageKey);
  if (!bytes) throw notFound("Photo");
  return { bytes, mime: photo.mime, etag: `"${photo.sha256}"` };
}
