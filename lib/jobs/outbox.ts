import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobOutbox } from "@/db/schema";
import type { JobEvent } from "./events";

/**
 * Writes job events into the outbox inside the caller's transaction, so they exist exactly when
 * the change that causes them commits (DESIGN §6). An event already there (same id) is kept as
 * is. After the commit the caller kicks the relay (`deliverJobEventsSoon`).
 */
export async function enqueueJobEvents(tx: Db, events: JobEvent[], alongside?: SQL): Promise<void> {
  if (events.length === 0) {
    if (alongside) await tx.execute(alongside);
    return;
  }
  const insert = tx
    .insert(jobOutbox)
    .values(events.map((event) => ({ id: event.id, name: event.name, data: event.data })))
    .onConflictDoNothing({ target: jobOutbox.id });
  // The caller's own write (a data-modifying statement) as a CTE of the insert: one round trip.
  await (alongside ? tx.execute(sql`with alongside as (${alongside}) ${insert.getSQL()}`) : insert);
}
