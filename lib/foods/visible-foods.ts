import "server-only";
import { eq, isNull, or, type SQL } from "drizzle-orm";
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
