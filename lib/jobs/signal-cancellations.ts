import "server-only";
import type { CancelledPhoto } from "@/lib/cancel/cancel-photos";
import { inngest } from "@/lib/jobs/client";
import { photoCancelled } from "@/lib/jobs/events";
import type { Logger } from "@/lib/logger";

/**
 * After the commit only: one batched send of `meal/photo.cancelled`, which stops each photo
 * attempt's recognition run (cancelOn). If it cannot be sent, the photos are CANCELLED already and
 * the race guard in `save` keeps any late result out, so the caller still succeeds.
 */
export async function signalCancellations(
  photos: CancelledPhoto[],
  context: { userId: string; cancelEventId: string | null },
  log: Logger,
): Promise<void> {
  if (photos.length === 0) return;
  const events = photos.map((photo) =>
    photoCancelled.create(
      { ...photo, userId: context.userId, cancelEventId: context.cancelEventId },
      { id: `cancel-${photo.photoId}-${photo.attempt}` },
    ),
  );
  try {
    await inngest.send(events);
    for (const photo of photos) {
      log.info({ ...photo, cancelEventId: context.cancelEventId }, "[AI][Cancel] REVOKED recognition run");
    }
  } catch (error) {
    log.error(
      { err: error, photoIds: photos.map((photo) => photo.photoId), cancelEventId: context.cancelEventId },
      "[AI][Cancel] REVOKE_FAILED: could not signal the recognition runs; the race guard keeps their results out",
    );
  }
}
