import "server-only";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { cancelEvents, type Meal } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { conflict } from "@/lib/http/errors";
import { deliverJobEventsSoon } from "@/lib/jobs/relay-outbox";
import { logRevoked, signalCancellations } from "@/lib/jobs/signal-cancellations";
import type { Logger } from "@/lib/logger";
import { lockMealsSql } from "@/lib/meals/lock-meal";
import {
  countIfFailed,
  countRequestSql,
  isOverLimit,
  type Limit,
  type LimitCount,
  rateLimited,
} from "@/lib/rate-limit/consume-limit";
import { type CancelledPhoto, cancelPhotosOfLockedMeals, lockedMealsStaySettled } from "./cancel-photos";
import type { CancelInput, CancelResponse, CancelStatus } from "./inputs";

/**
 * The answer's status, over the photos' statement's `named` (every photo the request names, as it
 * was) and `cancelled` (those it moved): a cancel that named nothing is a noop.
 */
const VERDICT = sql`verdict as (
  select case
    when exists (select 1 from cancelled) then 'cancelled'
    when exists (select 1 from named) and not exists (select 1 from named where status <> 'SUCCESS')
      then 'already_completed'
    else 'noop' end as status
)`;

/** Whether a repeated clientCancelId names what its first request named (the reason may differ). */
function sameTargets(first: Pick<CancelInput, "mealId" | "photoIds">, repeat: CancelInput): boolean {
  const photos = (input: Pick<CancelInput, "photoIds">) => [...new Set(input.photoIds ?? [])].sort().join();
  return (first.mealId ?? null) === (repeat.mealId ?? null) && photos(first) === photos(repeat);
}

/** The caller's meals the request names, as a subquery: its meal, or the meals of its photos. */
function targetMealIds(userId: string, input: CancelInput): SQL {
  if (input.mealId) return sql`select ${input.mealId}::uuid`;
  if (!input.photoIds) return sql`select null::uuid where false`;
  const ids = sql.join(
    input.photoIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return sql`select p.meal_id from meal_photos p where p.id in (${ids}) and p.user_id = ${userId}`;
}

interface FirstStatement {
  event_id: string | null;
  counted: LimitCount | null;
  meals: Pick<Meal, "id" | "status">[];
}

/**
 * The cancel's first statement: counts the request against its limit, inserts the audit row
 * (insert-first: ON CONFLICT DO NOTHING, so a repeat waits here for the first one's commit) unless
 * the limit is passed, then, only if it inserted, locks the named meals in id order (the one lock
 * order). The limit's count and the insert are evaluated before the lock, in that order (each a
 * condition of the next).
 */
async function countInsertAndLock(tx: Db, userId: string, input: CancelInput, limit: Limit) {
  const counting = limit.max > 0;
  const rows = rowsOf<FirstStatement>(
    await tx.execute(sql`
      with ${counting ? sql`counted as (${countRequestSql(limit)}), ` : sql``}event as (
        insert into cancel_events (user_id, client_cancel_id, reason, payload, noop)
        select ${userId}::text, ${input.clientCancelId}::uuid, ${input.reason}::text, ${JSON.stringify(input)}::jsonb, true
        ${counting ? sql`where (select count from counted) <= ${limit.max}` : sql``}
        on conflict (user_id, client_cancel_id) do nothing
        returning id
      ), locked as (${lockMealsSql(targetMealIds(userId, input), userId, sql`exists (select 1 from event)`)})
      select (select id from event) as event_id,
        ${counting ? sql`(select json_build_object('count', count, 'retry_after', retry_after) from counted)` : sql`null`} as counted,
        coalesce((select json_agg(json_build_object('id', locked.id, 'status', locked.status) order by locked.id)
          from locked), '[]'::json) as meals`),
  );
  const row = rows[0];
  if (!row) throw new Error("the cancel's first statement answered no row");
  return row;
}

type Outcome =
  | { kind: "refused"; counted: LimitCount }
  | { kind: "duplicate"; response: CancelResponse }
  | { kind: "acted"; response: CancelResponse; cancelled: CancelledPhoto[]; mealMissing: boolean };

/**
 * The server-safe cancel (DESIGN §5). One transaction, insert-first: the audit row is inserted
 * with ON CONFLICT DO NOTHING, so of any number of concurrent requests with one clientCancelId
 * exactly one acts; the others wait for its commit and replay its answer (`duplicate: true`),
 * changing nothing but `duplicate_count`; a repeat that names another meal or other photos is
 * refused (409 `client_cancel_id_reused`) and changes nothing. The acting request cancels the
 * in-flight photos it names, finalises their meals and stores its answer in the same transaction;
 * the recognition runs' cancel events go into the outbox in that transaction and are delivered
 * after the commit. A missing or foreign meal is a recorded noop. The request is counted against
 * `limit` in the first statement (or on its own when the transaction fails).
 *
 * Statements: the count, the insert and the meal lock are one; the photos' lock and move another,
 * which also stores the answer when no meal needs finalising (a finished meal's cancel: two in
 * all). Otherwise each meal's finalisation, the answer and the outbox follow.
 */
export async function cancelRecognition(
  userId: string,
  input: CancelInput,
  log: Logger,
  limit: Limit = { key: `cancel:${userId}`, max: 0 },
): Promise<CancelResponse> {
  const { clientCancelId } = input;
  log.info(
    { clientCancelId, mealId: input.mealId, photoIds: input.photoIds, reason: input.reason },
    "[AI][Cancel] RECEIVED",
  );

  const outcome = await countIfFailed(limit, () =>
    transaction(async (tx): Promise<Outcome> => {
      const first = await countInsertAndLock(tx, userId, input, limit);
      if (isOverLimit(limit, first.counted)) return { kind: "refused", counted: first.counted };

      if (!first.event_id) {
        const [earlier] = await tx
          .update(cancelEvents)
          .set({ duplicateCount: sql`${cancelEvents.duplicateCount} + 1` })
          .where(and(eq(cancelEvents.userId, userId), eq(cancelEvents.clientCancelId, clientCancelId)))
          .returning({ id: cancelEvents.id, response: cancelEvents.response, payload: cancelEvents.payload });
        if (!earlier?.response) throw new Error("the first cancel committed without its answer");
        if (!sameTargets(earlier.payload as CancelInput, input)) {
          // Thrown inside the transaction: the duplicate count goes back, nothing changes.
          log.warn(
            { clientCancelId, cancelEventId: earlier.id, mealId: input.mealId, photoIds: input.photoIds },
            "[AI][Cancel] ID_REUSED",
          );
          throw conflict("This clientCancelId was already used for another meal or other photos", {
            reason: "client_cancel_id_reused",
          });
        }
        return { kind: "duplicate", response: { ...(earlier.response as CancelResponse), duplicate: true } };
      }

      const eventId = first.event_id;
      const locked = first.meals;
      const mealId = locked.length === 1 ? (locked[0]?.id ?? null) : null;
      // A finished meal's cancel changes no meal: its answer is known but for its status, so the
      // photos' statement stores it (unless it moved a photo after all).
      const settled = locked.length > 0 && lockedMealsStaySettled(locked);
      const settledAnswer = {
        cancelEventId: eventId,
        clientCancelId,
        duplicate: false,
        cancelledTasks: 0,
        updatedPhotos: 0,
        mealId,
        mealStatus: mealId ? (locked[0]?.status ?? null) : null,
      };
      const answered = settled
        ? sql`, answered as (
            update cancel_events set meal_id = ${mealId},
              response = ${JSON.stringify(settledAnswer)}::jsonb || jsonb_build_object('status', verdict.status)
            from verdict where cancel_events.id = ${eventId} and verdict.status <> 'cancelled'
            returning cancel_events.id)`
        : sql``;
      const { cancellation, alongside } = await cancelPhotosOfLockedMeals<{
        verdict: CancelStatus;
        answered: boolean;
      }>(tx, userId, locked, input.photoIds, {
        ctes: sql`${VERDICT}${answered}`,
        columns: settled
          ? sql`(select status from verdict) as verdict, exists (select 1 from answered) as answered`
          : sql`(select status from verdict) as verdict, false as answered`,
      });
      const status = alongside?.verdict ?? "noop";
      const mealMissing = Boolean(input.mealId) && locked.length === 0;
      if (alongside?.answered) {
        return { kind: "acted", response: { ...settledAnswer, status }, cancelled: [], mealMissing };
      }

      const response: CancelResponse = {
        ...settledAnswer,
        status,
        cancelledTasks: cancellation.cancelled.length,
        updatedPhotos: cancellation.cancelled.length,
        mealStatus: mealId ? (cancellation.mealStatuses.get(mealId) ?? null) : null,
      };
      await tx
        .update(cancelEvents)
        .set({
          mealId,
          noop: status !== "cancelled",
          cancelledTasks: response.cancelledTasks,
          updatedPhotos: response.updatedPhotos,
          response,
        })
        .where(eq(cancelEvents.id, eventId));
      await signalCancellations(tx, cancellation.cancelled, { userId, cancelEventId: eventId });
      return { kind: "acted", response, cancelled: cancellation.cancelled, mealMissing };
    }),
  );

  // Logged once the transaction committed, never once per attempt of a retried one.
  if (outcome.kind === "refused") throw rateLimited(limit, outcome.counted);
  const { response } = outcome;
  const cancelEventId = response.cancelEventId;
  if (outcome.kind === "duplicate") {
    log.info({ clientCancelId, cancelEventId }, "[AI][Cancel] DUPLICATE");
  } else {
    log.info({ clientCancelId, cancelEventId }, "[AI][Cancel] EVENT_SAVED");
    if (outcome.mealMissing) {
      // Gone, or someone else's: the same answer either way, and the id stays in the payload.
      log.warn({ clientCancelId, cancelEventId, mealId: input.mealId }, "[AI][Cancel] MEAL_MISSING");
    }
    if (response.status === "cancelled") {
      log.info(
        { cancelEventId, photoIds: outcome.cancelled.map((photo) => photo.photoId) },
        "[AI][Cancel] UPDATED_PHOTOS",
      );
      logRevoked(outcome.cancelled, { cancelEventId }, log);
      await deliverJobEventsSoon();
    } else {
      log.info({ cancelEventId, status: response.status }, "[AI][Cancel] NOOP");
    }
  }
  log.info({ ...response, cancelEventId }, "[AI][Cancel] PROCESSED");
  return response;
}
