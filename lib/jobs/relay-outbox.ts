import "server-only";
import { and, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { jobOutbox } from "@/db/schema";
import { logger } from "@/lib/logger";
import { inSpan, outsideTraces } from "@/lib/tracing/spans";
import { inngest } from "./client";
import type { JobEvent } from "./events";
import { CLAIM_LEASE_S, HELD_EVENT_ATTEMPTS } from "./outbox";

const BATCH = 100;
const MAX_BACKOFF_S = 10;
const RELAY_INTERVAL_MS = 1_000;
/** Delivered rows stay this long (the admin page), then are pruned. */
export const DELIVERED_RETENTION_DAYS = 7;

/** After `failures` failed sends: 1 s, 2 s, 4 s … capped, so a returning engine is reached soon. */
const backoffSeconds = (failures: number) => Math.min(2 ** Math.max(0, failures - 1), MAX_BACKOFF_S);

type ClaimedEvent = JobEvent & { attempts: number };

/**
 * Sends claimed events in one batch and marks them delivered, or due again after a backoff. A
 * re-send after a lost answer is harmless: event ids are deterministic and the engine drops a
 * duplicate id.
 */
async function sendClaimed(claimed: ClaimedEvent[]): Promise<{ delivered: number; failed: number }> {
  const db = await getDb();
  const ids = claimed.map((row) => row.id);
  try {
    await inngest.send(claimed.map((row) => ({ id: row.id, name: row.name, data: row.data })));
  } catch (error) {
    const failures = Math.min(...claimed.map((row) => row.attempts));
    logger.warn(
      { err: error, events: ids.length, failures },
      "Job events could not be delivered yet; they wait in the outbox",
    );
    await db
      .update(jobOutbox)
      .set({
        nextAttemptAt: sql`now() + make_interval(secs => ${backoffSeconds(failures)})`,
        lastError: String(error instanceof Error ? error.message : error).slice(0, 500),
      })
      .where(inArray(jobOutbox.id, ids));
    return { delivered: 0, failed: ids.length };
  }
  await db
    .update(jobOutbox)
    .set({ deliveredAt: sql`now()`, lastError: null })
    .where(inArray(jobOutbox.id, ids));
  return { delivered: ids.length, failed: 0 };
}

/**
 * One relay pass: claims the due undelivered events with FOR UPDATE SKIP LOCKED (several
 * instances relay at once without sending a row twice at the same moment) and sends them
 * (sendClaimed).
 */
export async function relayOutbox(): Promise<{ delivered: number; failed: number }> {
  const db = await getDb();
  const claimed = rowsOf<ClaimedEvent>(
    await db.execute(sql`
      update job_outbox set attempts = attempts + 1,
        next_attempt_at = now() + make_interval(secs => ${CLAIM_LEASE_S})
      where id in (
        select id from job_outbox where delivered_at is null and next_attempt_at <= now()
        order by next_attempt_at limit ${BATCH}
        for update skip locked)
      returning id, name, data, attempts`),
  );
  if (claimed.length === 0) return { delivered: 0, failed: 0 };
  return sendClaimed(claimed);
}

/** Removes delivered events older than the retention. */
export async function pruneDeliveredJobEvents(retentionDays = DELIVERED_RETENTION_DAYS): Promise<number> {
  const db = await getDb();
  const pruned = await db
    .delete(jobOutbox)
    .where(
      and(
        isNotNull(jobOutbox.deliveredAt),
        lt(jobOutbox.deliveredAt, sql`now() - make_interval(days => ${retentionDays})`),
      ),
    )
    .returning({ id: jobOutbox.id });
  return pruned.length;
}

// Per process, on globalThis: Next.js may load this module in more than one bundle.
interface RelayState {
  /** Resolves once the engine can run what it receives (the embedded executor has synced the app). */
  ready: Promise<void>;
  running: Set<Promise<void>>;
  queued?: Promise<void>;
  timer?: NodeJS.Timeout;
}
const holder = globalThis as unknown as { __mealsnapRelay?: RelayState };
const state = (): RelayState => {
  holder.__mealsnapRelay ??= { ready: Promise.resolve(), running: new Set() };
  return holder.__mealsnapRelay;
};

async function pass(): Promise<void> {
  await state().ready;
  for (;;) {
    const { delivered } = await relayOutbox();
    if (delivered < BATCH) return;
  }
}

/**
 * Passes that may run at once in a process. They never send a row twice at the same moment (each
 * claims with SKIP LOCKED and a lease), so an event committed during a pass need not wait for that
 * pass's send: a meal's uploads commit one after another, each a few ms after the previous one.
 */
const MAX_PASSES = 4;

function startPass(relay: RelayState): Promise<void> {
  // Outside the kicking request's trace: a pass carries many requests' events, each of which
  // carries its own trace context to its job.
  const running: Promise<void> = outsideTraces(pass)
    .catch((error: unknown) => logger.error({ err: error }, "Job outbox relay pass failed"))
    .finally(() => relay.running.delete(running));
  relay.running.add(running);
  return running;
}

function kick(): Promise<void> {
  const relay = state();
  if (relay.running.size < MAX_PASSES) return startPass(relay);
  // Every pass is taken: one more follows the first to finish, whatever the number of kicks meanwhile.
  relay.queued ??= Promise.race(relay.running).then(() => {
    relay.queued = undefined;
    return startPass(relay);
  });
  return relay.queued;
}

/** How long a request waits for its events to reach the engine before answering anyway. */
const KICK_WAIT_MS = 2_000;

/** Waits for `work` at most `waitMs`; the work goes on after that. */
async function waitAtMost(work: Promise<unknown>, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
}

/**
 * Kicks a relay pass right after a commit (for latency) and waits for it at most `waitMs`: the
 * events usually reach the engine before the request answers, and an unreachable engine delays
 * the answer by no more than that (the events wait in the outbox). A kick starts its own pass (an
 * event committed during another pass is claimed at once), up to MAX_PASSES at a time; beyond
 * that kicks coalesce into one pass queued behind the first to finish. Never throws.
 */
export function deliverJobEventsSoon(waitMs = KICK_WAIT_MS): Promise<void> {
  return inSpan("deliver job events", {}, () => waitAtMost(kick(), waitMs));
}

/**
 * Sends the events the caller's transaction wrote held (enqueueHeldJobEventSql) right after its
 * commit, with no claim statement before they leave, and waits for them at most `waitMs`, as
 * deliverJobEventsSoon does. A failed send leaves them due after the backoff, for the relay.
 * Never throws.
 */
export function deliverHeldJobEvents(events: JobEvent[], waitMs = KICK_WAIT_MS): Promise<void> {
  return inSpan("deliver job events", {}, () => {
    const sending = state()
      .ready.then(() => sendClaimed(events.map((event) => ({ ...event, attempts: HELD_EVENT_ATTEMPTS }))))
      .catch((error: unknown) => logger.error({ err: error }, "Held job events could not be sent"));
    return waitAtMost(sending, waitMs);
  });
}

/**
 * The periodic relay of this process (every instance runs one): a pass every second once
 * `ready` resolves, catching whatever a kick missed or could not deliver.
 */
export function startOutboxRelay(ready: Promise<void>): void {
  const relay = state();
  relay.ready = ready;
  if (relay.timer) return;
  relay.timer = setInterval(() => void kick(), RELAY_INTERVAL_MS);
  relay.timer.unref();
}
