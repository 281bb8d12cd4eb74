import "server-only";
import type { Db } from "@/db/client";
import { jobOutbox } from "@/db/schema";
import type { JobEvent } from "./events";

/**
 * Writes job events into the outbox inside the caller's transaction, so they exist exactly when
 * the change that causes them commits (DESIGN §6). An event already there (same id) is kept as
 * is. After the commit the caller kicks the relay (`deliverJobEventsSoon`).
 */
export async function enqueueJobEvents(tx: Db, events: JobEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx
    .insert(jobOutbox)
    .values(events.map((event) => ({ id: event.id, name: event.name, data: event.data })))
    .onConflictDoNothing({ target: jobOutbox.id });
}
