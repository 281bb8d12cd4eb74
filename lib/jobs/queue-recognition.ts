import "server-only";
import { trace } from "@opentelemetry/api";
import type { Db } from "@/db/client";
import type { MealPhoto } from "@/db/schema";
import { photoAttributes, SpanAttribute } from "@/lib/tracing/spans";
import { type JobEvent, recognitionRequested } from "./events";
import { enqueueJobEvents } from "./outbox";

type PhotoAttempt = Pick<MealPhoto, "id" | "mealId" | "userId" | "attempt">;

/** The recognition event of a photo attempt (its id is the attempt's: a resent event is dropped). */
export const recognitionEvent = (photo: PhotoAttempt) =>
  recognitionRequested({
    photoId: photo.id,
    mealId: photo.mealId,
    userId: photo.userId,
    attempt: photo.attempt,
  });

/** Notes the queued event on the active span, once its insert is known to have happened. */
export function noteRecognitionQueued(photo: PhotoAttempt, event: JobEvent): void {
  const ref = { photoId: photo.id, mealId: photo.mealId, userId: photo.userId, attempt: photo.attempt };
  trace.getActiveSpan()?.addEvent("recognition queued", {
    ...photoAttributes(ref),
    [SpanAttribute.jobEventId]: event.id,
  });
}

/**
 * Queues recognition of a photo attempt in the caller's transaction (the outbox): the event
 * exists exactly when the photo's PENDING row does, and the relay delivers it after the commit,
 * retrying until the engine accepts it. The caller kicks the relay after the commit. The event
 * carries the active trace, so the job's spans join the request's.
 */
export async function queueRecognition(tx: Db, photo: PhotoAttempt): Promise<void> {
  const event = recognitionEvent(photo);
  await enqueueJobEvents(tx, [event]);
  noteRecognitionQueued(photo, event);
}
