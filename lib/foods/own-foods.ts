import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Food, foods } from "@/db/schema";

/** The user's own foods and recipes, the latest made or edited first (the My foods page). */
export async function ownFoods(db: Db, userId: string, limit: number): Promise<Food[]> {
  return db
    .select()
    .from(foods)
    .where(eq(foods.ownerId, userId))
    .orderBy(desc(sql`coalesce(${foods.updatedAt}, ${foods.createdAt})`), desc(foods.id))
    .limit(limit);
}
