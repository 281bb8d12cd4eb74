import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Food, foods } from "@/db/schema";
import { invalidFields } from "@/lib/http/errors";
import { visibleTo } from "./visible-foods";

/**
 * The food a request names by id (an item's `foodId`, a recipe's ingredient): the table's or the
 * caller's own. Unknown and someone else's are the same caller's mistake: 400 on `path`. Locked
 * against deletion (KEY SHARE) until the transaction ends, so the row that will reference it
 * cannot meet a foreign key error.
 */
export async function findFood(db: Db, userId: string, foodId: string, path = "foodId"): Promise<Food> {
  const [food] = await db
    .select()
    .from(foods)
    .where(and(eq(foods.id, foodId), visibleTo(userId)))
    .for("key share");
  if (!food) throw invalidFields([{ path, message: "no such food" }]);
  return food;
}
