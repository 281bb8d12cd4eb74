import "server-only";
import { matchRecognizedItems } from "@/lib/foods/match-recognized-items";
import { codedMessage } from "@/lib/jobs/coded-message";
import { observeRecognition } from "@/lib/metrics/observe";
import { getRecognizer } from "@/lib/recognition";
import type { RecognizedItem } from "@/lib/recognition/types";
import { RecognitionError } from "@/lib/recognition/types";
import { getStorage } from "@/lib/storage";
import { type Skipped, startRecognition } from "./start-recognition";

/**
 * The attempt's work up to the results: starts it (PROCESSING, the first heartbeat and the stored
 * photo's key, in one statement), reads the stored bytes, asks the recognizer and matches its
 * names to the foods the photo's owner can see (their own and the table's). A photo no longer in flight for this attempt (cancelled, retried,
 * deleted) is skipped before paying for a recognition. A failure to start carries the code
 * `start_failed`, so a database that refuses the write is not taken for the recognizer's failure.
 */
export async function recognizeStoredPhoto(
  photoId: string,
  attempt: number,
): Promise<{ items: RecognizedItem[] } | Skipped> {
  const photo = await startRecognition(photoId, attempt).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(codedMessage("start_failed", message), { cause: error });
  });
  if ("skipped" in photo) return photo;
  const bytes = await getStorage().get(photo.storageKey);
  if (!bytes) throw new RecognitionError("photo_missing", "The stored photo could not be read", false);
  const recognized = await observeRecognition(() =>
    getRecognizer().recognize({ bytes, mime: photo.mime, photoId }),
  );
  return {
    items: await matchRecognizedItems(recognized, { id: photo.userId, hasOwnFoods: photo.ownerHasFoods }),
  };
}
