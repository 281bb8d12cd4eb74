import "server-only";
import { and, count, eq, ne, sql } from "drizzle-orm";
import { type Db, getDb } from "@/db/client";
import { cancelEvents, type MealPhoto, mealPhotos } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { conflict } from "@/lib/http/errors";
import { queueRecognition } from "@/lib/jobs/queue-recognition";
import { deliverJobEventsSoon } from "@/lib/jobs/relay-outbox";
import { finalizeMeal } from "@/lib/meals/finalize-meal";
import { MAX_PHOTOS_PER_MEAL } from "@/lib/meals/meal-limits";
import { findOwnedMeal } from "@/lib/meals/owned-meal";
import { getStorage } from "@/lib/storage";
import { processImage } from "./process-image";
import { smallPhotoKey } from "./small-photo";

export interface AddPhotoInput {
  mealId: string;
  clientUploadId: string;
  file: Uint8Array;
}

export interface AddPhotoResult {
  photo: MealPhoto;
  created: boolean;
}

async function findByUploadId(db: Db, userId: string, mealId: string, clientUploadId: string) {
  const [photo] = await db
    .select()
    .from(mealPhotos)
    .where(
      and(
        eq(mealPhotos.mealId, mealId),
        eq(mealPhotos.userId, userId),
        eq(mealPhotos.clientUploadId, clientUploadId),
      ),
    );
  return photo;
}

/**
 * Whether the user cancelled this meal as a whole (not single photos, not a deletion). Such a
 * meal takes no more uploads: one still in flight when the user pressed Cancel, or one the
 * browser aborted after its bytes had left, must not start recognition afterwards.
 */
async function wasCancelled(tx: Db, mealId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: cancelEvents.id })
    .from(cancelEvents)
    .where(
      and(
        eq(cancelEvents.mealId, mealId),
        ne(cancelEvents.reason, "meal_deleted"),
        sql`${cancelEvents.payload} -> 'photoIds' is null`,
      ),
    )
    .limit(1);
  return Boolean(row);
}

/**
 * Stores a photo in the caller's meal, idempotent by (meal, clientUploadId). The image is checked
 * and re-encoded before anything is written, so refused input leaves no row and no file. Under
 * the meal's row lock, a repeated clientUploadId is looked up first, so a repeat always answers
 * with the first photo, whatever the meal became since (full, cancelled); only then the cancel
 * and limit checks, and the insert, with the meal moving back to PROCESSING (a photo in flight,
 * DESIGN §3) and its recognition event (the outbox) in the same transaction. A meal the
 * user cancelled takes no more uploads (409, reason `meal_cancelled`): the server, not the
 * browser, makes sure nothing the user cancelled starts afterwards (a retry is the way back).
 */
export async function addPhoto(
  userId: string,
  input: AddPhotoInput,
  options: { maxPixels: number },
): Promise<AddPhotoResult> {
  const db = await getDb();
  await findOwnedMeal(db, userId, input.mealId);
  // Without the lock: a repeat that finished long ago skips the image work.
  const earlier = await findByUploadId(db, userId, input.mealId, input.clientUploadId);
  if (earlier) return { photo: earlier, created: false };

  const image = await processImage(input.file, options.maxPixels);
  const photoId = crypto.randomUUID();
  const storageKey = `photos/${userId}/${photoId}.${image.extension}`;
  const storage = getStorage();
  // The small copy is stored beside the photo, so no page waits for it to be made.
  const smallKey = smallPhotoKey(storageKey);
  const removeFiles = () => Promise.allSettled([storage.delete(storageKey), storage.delete(smallKey)]);
  const stored = await Promise.allSettled([
    storage.put(storageKey, image.bytes, image.mime),
    storage.put(smallKey, image.small, "image/webp"),
  ]);
  const failed = stored.find((result) => result.status === "rejected");
  if (failed) {
    await removeFiles();
    throw failed.reason;
  }

  let result: AddPhotoResult;
  try {
    result = await transaction(async (tx) => {
      await findOwnedMeal(tx, userId, input.mealId, { lock: true });
      const repeated = await findByUploadId(tx, userId, input.mealId, input.clientUploadId);
      if (repeated) return { photo: repeated, created: false };
      if (await wasCancelled(tx, input.mealId)) {
        throw conflict("This meal was cancelled; the photo was not added", { reason: "meal_cancelled" });
      }
      const [{ photos } = { photos: 0 }] = await tx
        .select({ photos: count() })
        .from(mealPhotos)
        .where(eq(mealPhotos.mealId, input.mealId));
      if (photos >= MAX_PHOTOS_PER_MEAL) {
        throw conflict(`A meal holds at most ${MAX_PHOTOS_PER_MEAL} photos`, { reason: "photo_limit" });
      }
      const [photo] = await tx
        .insert(mealPhotos)
        .values({
          id: photoId,
          mealId: input.mealId,
          userId,
          clientUploadId: input.clientUploadId,
          storageKey,
          mime: image.mime,
          bytes: image.bytes.byteLength,
          width: image.width,
          height: image.height,
          sha256: image.sha256,
        })
        .returning();
      if (!photo) throw new Error("insert returned no row");
      await finalizeMeal(tx, input.mealId);
      await queueRecognition(tx, photo);
      return { photo, created: true };
    });
  } catch (error) {
    await removeFiles();
    throw error;
  }
  if (result.created) await deliverJobEventsSoon();
  // A concurrent request with the same clientUploadId stored the photo first: these files are not needed.
  else await removeFiles();
  return result;
}
