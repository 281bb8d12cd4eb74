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

/** How long a claimed event is its claimer's alone; after that any relay may send it again. */
export const CLAIM_LEASE_S = 30;

/** A held event's `attempts`: the claim its writer made of it, as a relay's claim counts one. */
export const HELD_EVENT_ATTEMPTS = 1;

/**
 * One job event's outbox insert as SQL, written only `when` holds: a CTE of the caller's statement
 * that makes the change causing it (the upload's photo insert), so both happen or neither. The row
 * is written already claimed (held) by the writing request, which sends it itself right after the
 * commit (`deliverHeldJobEvents`), without a claim statement first; should that request die
 * before it sent the event, any relay sends it once the lease is over.
 */
export function enqueueHeldJobEventSql(event: JobEvent, when: SQL): SQL {
  return sql`insert into ${jobOutbox} (id, name, data, attempts, next_attempt_at)
    select ${event.id}::text, ${event.name}::text, ${JSON.stringify(event.data)}::jsonb, ${HELD_EVENT_ATTEMPTS}::int,
      now() + make_interval(secs => ${CLAIM_LEASE_S})
    where ${when}
    on conflict (id) do nothing`;
}
