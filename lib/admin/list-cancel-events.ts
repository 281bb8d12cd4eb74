import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { type CancelEventCursor, encodeCursor } from "./cursor";
import { type AuditReason, type CancelEventFilters, DEFAULT_PAGE_SIZE } from "./inputs";

/** One cancel_events row as the audit page and its exports show it. */
export interface AuditedCancelEvent {
  id: string;
  /** ISO 8601 with the database's microseconds (the keyset needs them). */
  createdAt: string;
  userId: string;
  userEmail: string | null;
  clientCancelId: string;
  /** Null once the meal is gone (ON DELETE SET NULL) or when the request named no single meal. */
  mealId: string | null;
  /** The meal id the request named, kept in the payload even after the meal is deleted. */
  requestedMealId: string | null;
  reason: AuditReason;
  noop: boolean;
  cancelledTasks: number;
  updatedPhotos: number;
  duplicateCount: number;
  payload: unknown;
  response: unknown;
}

export interface CancelEventsPage {
  events: AuditedCancelEvent[];
  nextCursor: string | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** The filters as SQL over `cancel_events ce`; every branch keeps the created_at index usable. */
function cancelEventConditions(filters: CancelEventFilters): SQL {
  const conditions: SQL[] = [sql`true`];
  if (filters.from) conditions.push(sql`ce.created_at >= ${filters.from}::timestamptz`);
  if (filters.to) conditions.push(sql`ce.created_at <= ${filters.to}::timestamptz`);
  if (filters.user) {
    // Resolved to user ids first, so the (user_id, created_at) index serves the scan.
    conditions.push(sql`ce.user_id in (select u.id from users u
      where u.id = ${filters.user} or u.email ilike ${`%${escapeLike(filters.user)}%`})`);
  }
  if (filters.reason) conditions.push(sql`ce.reason = ${filters.reason}`);
  if (filters.noopOnly) conditions.push(sql`ce.noop`);
  if (filters.mealMissingOnly) conditions.push(sql`ce.meal_id is null`);
  return sql.join(conditions, sql` and `);
}

/** Rows strictly after the cursor in (created_at desc, id desc) order; the first term is index-sargable. */
function afterCursor(cursor: CancelEventCursor | undefined): SQL {
  if (!cursor) return sql`true`;
  const at = sql`${cursor.createdAt}::timestamptz`;
  return sql`ce.created_at <= ${at} and (ce.created_at < ${at} or ce.id < ${cursor.id}::uuid)`;
}

/**
 * One page of cancel events, newest first, with keyset pagination on (created_at, id): a deep page
 * costs what the first one does. One SQL statement.
 */
export async function listCancelEvents(
  filters: CancelEventFilters,
  page: { cursor?: CancelEventCursor; limit?: number } = {},
): Promise<CancelEventsPage> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  const db = await getDb();
  const rows = rowsOf<AuditedCancelEvent>(
    await db.execute(sql`
      select ce.id, to_json(ce.created_at) #>> '{}' as "createdAt", ce.user_id as "userId",
        u.email as "userEmail", ce.client_cancel_id as "clientCancelId", ce.meal_id as "mealId",
        ce.payload ->> 'mealId' as "requestedMealId", ce.reason, ce.noop,
        ce.cancelled_tasks as "cancelledTasks", ce.updated_photos as "updatedPhotos",
        ce.duplicate_count as "duplicateCount", ce.payload, ce.response
      from cancel_events ce left join users u on u.id = ce.user_id
      where ${cancelEventConditions(filters)} and ${afterCursor(page.cursor)}
      order by ce.created_at desc, ce.id desc
      limit ${limit + 1}`),
  );
  const events = rows.slice(0, limit);
  const last = events.at(-1);
  return { events, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
