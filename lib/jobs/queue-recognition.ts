import "server-only";
import type { MealPhoto } from "@/db/schema";
import { inngest } from "@/lib/jobs/client";
import { photoUploaded, recognitionEventId } from "@/lib/jobs/events";
import { logger } from "@/lib/logger";

/**
 * Queues recognition of a photo attempt, after its row committed. If the jobs backend cannot be
 * reached the photo stays PENDING and the stuck sweeper fails it (the user can then retry), so
 * the request that stored the photo still succeeds.
 */
export async function queueRecognition(
  photo: Pick<MealPhoto, "id" | "mealId" | "userId" | "attempt">,
): Promise<boolean> {
  const data = { photoId: photo.id, mealId: photo.mealId, userId: photo.userId, attempt: photo.attempt };
  try {
    await inngest.send(photoUploaded.create(data, { id: recognitionEventId(data) }));
    return true;
  } catch (error) {
    logger.error(
      { err: error, photoId: photo.id, attempt: photo.attempt },
      "Could not queue photo recognition",
    );
    return false;
  }
}
