import "server-only";
import { and, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import { foods } from "@/db/schema";

/**
 * The foods a user may see, search, log and cook with: the table's (no owner) and their own.
 * Another user's food is never answered, matched or accepted. `null`: the table only.
 */
export function visibleTo(userId: string | null): SQL {
  return userId === null
    ? isNull(foods.ownerId)
    : (or(isNull(foods.ownerId), eq(foods.ownerId, userId)) as SQL);
}

/**
 * A search's candidates among the foods `userId` may see: the table's that match
 * `tableCandidates` (served by the trigram indexes, partial to the table) and all of the user's
 * own (a few hundred at most, found by the owner index and scored one by one). Written as two
 * arms so the planner takes each index for its own rows (a BitmapOr), never an owner-index scan
 * of the whole table nor a trigram scan of everybody's foods.
 */
export function visibleCandidates(userId: string | null, tableCandidates: SQL): SQL {
  const table = and(isNull(foods.ownerId), sql`(${tableCandidates})`) as SQL;
  return userId === null ? table : (or(table, eq(foods.ownerId, userId)) as SQL);
}
