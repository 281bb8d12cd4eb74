import "server-only";
import type { Db } from "@/db/client";
import type { MealPhoto } from "@/db/schema";
import { recognitionRequested } from "./events";
import { enqueueJobEvents } from "./outbox";

/**
 * Queues recognition of a photo attempt in the caller's transaction (the outbox): the event
 * exists exactly when the photo's PENDING row does, and the relay delivers it after the commit,
 * retrying until the engine accepts it. The caller kicks the relay after the commit.
 */
export async function queueRecognition(
  tx: Db,
  photo: Pick<MealPhoto, "id" | "mealId" | "userId" | "attempt">,
): Promise<void> {
  await enqueueJobEvents(tx, [
    recognitionRequested({
      photoId: photo.id,
      mealId: photo.mealId,
      userId: photo.userId,
      attempt: photo.attempt,
    }),
  ]);
}
