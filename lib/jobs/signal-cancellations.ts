import "server-only";
import type { SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { CancelledPhoto } from "@/lib/cancel/cancel-photos";
import type { Logger } from "@/lib/logger";
import { recognitionCancelled } from "./events";
import { enqueueJobEvents } from "./outbox";

interface CancelContext {
  userId: string;
  cancelEventId: string | null;
}

/**
 * In the transaction that cancelled the photos: one `meal/photo.cancelled` per photo attempt into
 * the outbox, which stops each attempt's recognition run (cancelOn) once the relay delivers it
 * after the commit. Until then the race guard in `save` keeps any late result out. `alongside`, a
 * write of the caller's, runs in the same statement (enqueueJobEvents).
 */
export async function signalCancellations(
  tx: Db,
  photos: CancelledPhoto[],
  context: CancelContext,
  alongside?: SQL,
): Promise<void> {
  await enqueueJobEvents(
    tx,
    photos.map((photo) => recognitionCancelled({ ...photo, userId: context.userId }, context.cancelEventId)),
    alongside,
  );
}

/**
 * After the commit of the transaction that signalled them (a retried transaction would otherwise
 * log them once per attempt): one `REVOKED` line per cancelled run.
 */
export function logRevoked(
  photos: CancelledPhoto[],
  context: Pick<CancelContext, "cancelEventId">,
  log: Logger,
): void {
  for (const photo of photos) {
    log.info({ ...photo, cancelEventId: context.cancelEventId }, "[AI][Cancel] REVOKED recognition run");
  }
}
