import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { mealPhotos } from "@/db/schema";
import { matchRecognizedItems } from "@/lib/foods/match-recognized-items";
import { observeRecognition } from "@/lib/metrics/observe";
import { getRecognizer } from "@/lib/recognition";
import type { RecognizedItem } from "@/lib/recognition/types";
import { RecognitionError } from "@/lib/recognition/types";
import { getStorage } from "@/lib/storage";
import { beating, thisAttemptInFlight } from "./heartbeat";
import type { Skipped } from "./start-recognition";

/**
 * Reads the photo's stored bytes, asks the recognizer and matches its names to the food table. A
 * photo that is no longer PROCESSING for this attempt (cancelled, retried, deleted) is skipped
 * before paying for a recognition. The row is read by the attempt's first heartbeat (one
 * statement); only a photo that is no longer in flight for it needs a second, to say why.
 */
export async function recognizeStoredPhoto(
  photoId: string,
  attempt: number,
): Promise<{ items: RecognizedItem[] } | Skipped> {
  const db = await getDb();
  const columns = { storageKey: mealPhotos.storageKey, mime: mealPhotos.mime, status: mealPhotos.status };
  const [beaten] = await db
    .update(mealPhotos)
    .set(beating())
    .where(thisAttemptInFlight(photoId, attempt))
    .returning(columns);
  const [photo] = beaten
    ? [beaten]
    : await db
        .select(columns)
        .from(mealPhotos)
        .where(and(eq(mealPhotos.id, photoId), eq(mealPhotos.attempt, attempt)));
  if (!photo) return { skipped: "photo_gone_or_retried" };
  if (photo.status !== "PROCESSING") return { skipped: `status:${photo.status}` };
  const bytes = await getStorage().get(photo.storageKey);
  if (!bytes) throw new RecognitionError("photo_missing", "The stored photo could not be read", false);
  const recognized = await observeRecognition(() =>
    getRecognizer().recognize({ bytes, mime: photo.mime, photoId }),
  );
  return { items: await matchRecognizedItems(recognized) };
}
