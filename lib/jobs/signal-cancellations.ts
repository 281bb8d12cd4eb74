import "server-only";
import type { Db } from "@/db/client";
import type { CancelledPhoto } from "@/lib/cancel/cancel-photos";
import type { Logger } from "@/lib/logger";
import { recognitionCancelled } from "./events";
import { enqueueJobEvents } from "./outbox";

/**
 * In the transaction that cancelled the photos: one `meal/photo.cancelled` per photo attempt into
 * the outbox, which stops each attempt's recognition run (cancelOn) once the relay delivers it
 * after the commit. Until then the race guard in `save` keeps any late result out.
 */
export async function signalCancellations(
  tx: Db,
  photos: CancelledPhoto[],
  context: { userId: string; cancelEventId: string | null },
  log: Logger,
): Promise<void> {
  if (photos.length === 0) return;
  await enqueueJobEvents(
    tx,
    photos.map((photo) => recognitionCancelled({ ...photo, userId: context.userId }, context.cancelEventId)),
  );
  for (const photo of photos) {
    log.info({ ...photo, cancelEventId: context.cancelEventId }, "[AI][Cancel] REVOKED recognition run");
  }
}
