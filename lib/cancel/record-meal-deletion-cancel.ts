import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { cancelEvents } from "@/db/schema";
import type { CancelledPhoto } from "./cancel-photos";
import type { CancelResponse } from "./inputs";

/**
 * The audit row of the server's own cancel when a user deletes a meal with photos in flight
 * (reason `meal_deleted`), in the deletion's transaction; its meal_id becomes null with the meal.
 */
export async function recordMealDeletionCancel(
  tx: Db,
  userId: string,
  mealId: string,
  cancelled: CancelledPhoto[],
): Promise<string> {
  const cancelEventId = randomUUID();
  const clientCancelId = randomUUID();
  const photoIds = cancelled.map((photo) => photo.photoId);
  const response: CancelResponse = {
    cancelEventId,
    clientCancelId,
    status: "cancelled",
    duplicate: false,
    cancelledTasks: photoIds.length,
    updatedPhotos: photoIds.length,
    mealId,
    mealStatus: null,
  };
  await tx.insert(cancelEvents).values({
    id: cancelEventId,
    userId,
    clientCancelId,
    mealId,
    reason: "meal_deleted",
    payload: { clientCancelId, mealId, photoIds, reason: "meal_deleted" },
    noop: false,
    cancelledTasks: photoIds.length,
    updatedPhotos: photoIds.length,
    response,
  });
  return cancelEventId;
}
