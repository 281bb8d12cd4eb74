import "server-only";
import { and, count, eq, ne, sql } from "drizzle-orm";
import { type Db, getDb } from "@/db/client";
import { cancelEvents, type MealPhoto, mealPhotos } from "@/db/schema";
import { conflict } from "@/lib/http/errors";
import { queueRecognition } from "@/lib/jobs/queue-recognition";
import { deliverJobEventsSoon } from "@/lib/jobs/relay-outbox";
import { finalizeMeal } from "@/lib/meals/finalize-meal";
import { MAX_PHOTOS_PER_MEAL } from "@/lib/meals/meal-limits";
import { findOwnedMeal } from "@/lib/meals/owned-meal";
import { getStorage } from "@/lib/storage";
import { processImage } from "./process-image";

export interface AddPhotoInput {
  mealId: string;
  clientUploadId: string;
  file: Uint8Array;
}

export interface AddPhotoResult {
  photo: MealPhoto;
  created: boolean;
}

async function findByUploadId(userId: string, mealId: string, clientUploadId: string) {
  const db = await getDb();
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
 * and re-encoded before anything is written, so refused input leaves no row and no file. The row
 * is inserted under the meal's row lock, and the meal moves back to PROCESSING in the same
 * transaction (a photo in flight, DESIGN §3), with its recognition event (the outbox). A meal the
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
  const repeated = await findByUploadId(userId, input.mealId, input.clientUploadId);
  if (repeated) return { photo: repeated, created: false };

  const image = await processImage(input.file, options.maxPixels);
  const photoId = crypto.randomUUID();
  const storageKey = `photos/${userId}/${photoId}.${image.extension}`;
  const storage = getStorage();
  await storage.put(storageKey, image.bytes, image.mime);

  let inserted: MealPhoto | undefined;
  try {
    inserted = await db.transaction(async (tx) => {
      await findOwnedMeal(tx, userId, input.mealId, { lock: true });
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
        .onConflictDoNothing({ target: [mealPhotos.mealId, mealPhotos.clientUploadId] })
        .returning();
      if (photo) {
        await finalizeMeal(tx, input.mealId);
        await queueRecognition(tx, photo);
      }
      return photo;
    });
  } catch (error) {
    await storage.delete(storageKey).catch(() => {});
    throw error;
  }
  if (inserted) {
    await deliverJobEventsSoon();
    return { photo: inserted, created: true };
  }

  // A concurrent request with the same clientUploadId won the insert: answer with its photo.
  await storage.delete(storageKey);
  const winner = await findByUploadId(userId, input.mealId, input.clientUploadId);
  if (!winner) throw conflict("The upload is being processed, retry shortly");
  return { photo: winner, created: false };
}
