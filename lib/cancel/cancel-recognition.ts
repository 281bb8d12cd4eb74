import "server-only";
import { randomUUID } from "node:crypto";
import { eq, type SQL, sql } from "drizzle-orm";
import { type Db, getDb } from "@/db/client";
import { IN_FLIGHT_SQL_LIST } from "@/db/photo-statuses";
import { rowsOf } from "@/db/rows";
import { cancelEvents, type Meal } from "@/db/schema";
import { retryingTransientConflicts, transaction } from "@/db/transaction";
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
import { type CancelledPhoto, cancelPhotosOfLockedMeals, namedPhotosSql } from "./cancel-photos";
import type { CancelInput, CancelResponse, CancelStatus } from "./inputs";

/**
 * The answer's status, over `named` (every photo the request names, as it was) and `cancelled`
 * (those the statement moved): a cancel that named nothing is a noop.
 */
const VERDICT = sql`verdict as (
  select case
    when exists (select 1 from cancelled) then 'cancelled'
    when exists (select 1 from named) and not exists (select 1 from named where status <> 'SUCCESS')
      then 'already_completed'
    else 'noop' end as status
)`;

/** A cancel's targets in a payload: its meal and the sorted set of its photos (the reason may differ). */
function targetsOf(payload: SQL): SQL {
  return sql`jsonb_build_array(${payload} -> 'mealId', array(
    select distinct photo from jsonb_array_elements_text(coalesce(${payload} -> 'photoIds', '[]'::jsonb)) photo
    order by photo))`;
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

/** The meal id an answer names: the one meal it locked, else none. */
const ONE_LOCKED_MEAL = (column: "id" | "status") =>
  sql.raw(`(select l.${column} from locked l where (select count(*) from locked) = 1)`);

/**
 * The audit row, inserted first (`eventId`, noop until the answer says otherwise) with one row
 * of `from` (none: nothing inserted), after the meal lock its values read. A repeat of the
 * clientCancelId waits for the first one's commit (the unique index) and, when it names the same
 * targets, adds one to its `duplicate_count`; it answers the row's id and stored response (another
 * id: a duplicate), or no row when the targets differ (nothing changed).
 */
function insertEventSql(
  eventId: string,
  userId: string,
  input: CancelInput,
  values: { from: SQL; mealId: SQL; response: SQL },
): SQL {
  return sql`insert into cancel_events as e (id, user_id, client_cancel_id, reason, payload, noop, meal_id, response)
    select ${eventId}::uuid, ${userId}::text, ${input.clientCancelId}::uuid, ${input.reason}::text,
      ${JSON.stringify(input)}::jsonb, true, ${values.mealId}, ${values.response} ${values.from}
    on conflict (user_id, client_cancel_id) do update set duplicate_count = e.duplicate_count + 1
      where ${targetsOf(sql`e.payload`)} = ${targetsOf(sql`excluded.payload`)}
    returning e.id, e.response`;
}

interface EventRow {
  id: string;
  response: CancelResponse | null;
}

interface SettledStatement {
  counted: LimitCount | null;
  answered: boolean;
  event: EventRow | null;
}

/**
 * The cancel of what has already finished, as one statement (its own transaction): counts the
 * request against its limit; within it, reads the named meals and, when every one is COMPLETE,
 * locks them (the one lock order), then their named photos; when every meal it locked is the row
 * version its snapshot read (a writer that committed while it waited for the lock and moved a
 * photo in or out of flight rewrote the meal's status: then the statement acts on nothing) and
 * no named photo is in flight, inserts the audit row with its answer (`answered`). A named meal
 * that is missing or not the caller's is a noop answered here too. Each CTE is a condition of
 * the next, so they run in that order.
 */
async function answerIfSettled(
  userId: string,
  input: CancelInput,
  limit: Limit,
  eventId: string,
): Promise<SettledStatement> {
  const counting = limit.max > 0;
  const withinLimit = counting ? sql`(select count from counted) <= ${limit.max}` : sql`true`;
  const answer = {
    cancelEventId: eventId,
    clientCancelId: input.clientCancelId,
    duplicate: false,
    cancelledTasks: 0,
    updatedPhotos: 0,
  };
  const db = await getDb();
  const [row] = rowsOf<SettledStatement>(
    await db.execute(sql`
      with ${counting ? sql`counted as (${countRequestSql(limit)}), ` : sql``}seen as (
        select m.id, m.status, m.xmin as version from meals m
        where m.id in (${targetMealIds(userId, input)}) and m.user_id = ${userId}
      ), locked as (${lockMealsSql(
        sql`select id from seen`,
        userId,
        sql`${withinLimit} and not exists (select 1 from seen where status <> 'COMPLETE')`,
      )}), named as (${namedPhotosSql(sql`select id from locked`, userId, input.photoIds)}),
      cancelled as (select id from named where false), ${VERDICT}, answer as (
        select verdict.status, ${ONE_LOCKED_MEAL("id")} as meal_id, ${ONE_LOCKED_MEAL("status")} as meal_status
        from verdict
        where ${withinLimit}
          and not exists (select 1 from seen left join locked on locked.id = seen.id
            where locked.version is distinct from seen.version)
          and not exists (select 1 from named where status in (${sql.raw(IN_FLIGHT_SQL_LIST)}))
      ), event as (${insertEventSql(eventId, userId, input, {
        from: sql`from answer`,
        mealId: sql`answer.meal_id`,
        response: sql`${JSON.stringify(answer)}::jsonb || jsonb_build_object('status', answer.status,
          'mealId', answer.meal_id, 'mealStatus', answer.meal_status)`,
      })})
      select ${counting ? sql`(select json_build_object('count', count, 'retry_after', retry_after) from counted)` : sql`null`} as counted,
        exists (select 1 from answer) as answered,
        (select json_build_object('id', id, 'response', response) from event) as event`),
  );
  if (!row) throw new Error("the settled cancel's statement answered no row");
  return row;
}

interface FirstStatement {
  event: EventRow | null;
  meals: Pick<Meal, "id" | "status">[];
}

/** The transaction's first statement: locks the named meals (the one lock order), then inserts the audit row. */
async function lockAndInsert(tx: Db, userId: string, input: CancelInput, eventId: string) {
  const rows = rowsOf<FirstStatement>(
    await tx.execute(sql`
      with locked as (${lockMealsSql(targetMealIds(userId, input), userId, sql`true`)}),
      event as (${insertEventSql(eventId, userId, input, { from: sql``, mealId: ONE_LOCKED_MEAL("id"), response: sql`null` })})
      select (select json_build_object('id', id, 'response', response) from event) as event,
        coalesce((select json_agg(json_build_object('id', locked.id, 'status', locked.status) order by locked.id)
          from locked), '[]'::json) as meals`),
  );
  const row = rows[0];
  if (!row) throw new Error("the cancel's first statement answered no row");
  return row;
}

type Outcome =
  | { kind: "duplicate"; response: CancelResponse }
  | { kind: "acted"; response: CancelResponse; cancelled: CancelledPhoto[]; mealMissing: boolean };

/**
 * What the insert of the audit row answered: this request's row, another request's (the same
 * targets: its answer again, as a duplicate), or none (other targets: 409, nothing changed).
 */
function duplicateOrOwn(event: EventRow | null, eventId: string, input: CancelInput, log: Logger) {
  if (!event) {
    log.warn(
      { clientCancelId: input.clientCancelId, mealId: input.mealId, photoIds: input.photoIds },
      "[AI][Cancel] ID_REUSED",
    );
    throw conflict("This clientCancelId was already used for another meal or other photos", {
      reason: "client_cancel_id_reused",
    });
  }
  if (event.id === eventId) return null;
  if (!event.response) throw new Error("the first cancel committed without its answer");
  return { kind: "duplicate", response: { ...event.response, duplicate: true } } satisfies Outcome;
}

/**
 * The server-safe cancel (DESIGN §5), insert-first: the audit row is inserted with ON CONFLICT,
 * so of any number of concurrent requests with one clientCancelId exactly one acts; the others
 * wait for its commit and replay its answer (`duplicate: true`), changing nothing but
 * `duplicate_count`; a repeat that names another meal or other photos is refused (409
 * `client_cancel_id_reused`) and changes nothing. The acting request cancels the in-flight photos
 * it names, finalises their meals and stores its answer in one transaction; the recognition runs'
 * cancel events go into the outbox in that transaction and are delivered after the commit. A
 * missing or foreign meal is a recorded noop.
 *
 * Statements: a cancel of what has already finished (or of nothing), and a repeat of it, is one
 * (answerIfSettled), which also counts the request against `limit` (or the request is counted on
 * its own when it fails). Otherwise a transaction follows: the meal lock with the insert, the
 * photos' lock and move, each meal's finalisation, the answer and the outbox.
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

  const eventId = randomUUID();
  const settled = await countIfFailed(limit, () =>
    retryingTransientConflicts(() => answerIfSettled(userId, input, limit, eventId)),
  );
  if (isOverLimit(limit, settled.counted)) throw rateLimited(limit, settled.counted);

  let outcome: Outcome;
  if (settled.answered) {
    const response = settled.event?.response;
    outcome = duplicateOrOwn(settled.event, eventId, input, log) ?? {
      kind: "acted",
      response: response as CancelResponse,
      cancelled: [],
      mealMissing: Boolean(input.mealId) && !response?.mealId,
    };
  } else {
    // Counted already: a failure from here on is not counted again.
    outcome = await transaction(async (tx): Promise<Outcome> => {
      const first = await lockAndInsert(tx, userId, input, eventId);
      const duplicate = duplicateOrOwn(first.event, eventId, input, log);
      if (duplicate) return duplicate;

      const locked = first.meals;
      const mealId = locked.length === 1 ? (locked[0]?.id ?? null) : null;
      const { cancellation, alongside } = await cancelPhotosOfLockedMeals<{ verdict: CancelStatus }>(
        tx,
        userId,
        locked,
        input.photoIds,
        { ctes: VERDICT, columns: sql`(select status from verdict) as verdict` },
      );
      const response: CancelResponse = {
        cancelEventId: eventId,
        clientCancelId,
        status: alongside?.verdict ?? "noop",
        duplicate: false,
        cancelledTasks: cancellation.cancelled.length,
        updatedPhotos: cancellation.cancelled.length,
        mealId,
        mealStatus: mealId ? (cancellation.mealStatuses.get(mealId) ?? null) : null,
      };
      const storeAnswer = tx
        .update(cancelEvents)
        .set({
          mealId,
          noop: response.status !== "cancelled",
          cancelledTasks: response.cancelledTasks,
          updatedPhotos: response.updatedPhotos,
          response,
        })
        .where(eq(cancelEvents.id, eventId));
      // The answer and the runs' cancel events (the outbox) in one statement.
      await signalCancellations(
        tx,
        cancellation.cancelled,
        { userId, cancelEventId: eventId },
        storeAnswer.getSQL(),
      );
      const mealMissing = Boolean(input.mealId) && locked.length === 0;
      return { kind: "acted", response, cancelled: cancellation.cancelled, mealMissing };
    });
  }

  // Logged once the transaction committed, never once per attempt of a retried one.
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
