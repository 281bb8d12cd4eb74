import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dailyGoals } from "@/db/schema";
import type { GoalsInput } from "@/lib/meals/inputs";

/** What a new user sees until they set their own goals. */
export const DEFAULT_GOALS: GoalsInput = { kcal: 2000, protein: 100, fat: 70, carbs: 250 };

/** A user's goals row as the API shows it: the defaults when they never set theirs. */
export function goalsOf(row: GoalsInput | null | undefined): GoalsInput & { isDefault: boolean } {
  if (!row) return { ...DEFAULT_GOALS, isDefault: true };
  return { kcal: row.kcal, protein: row.protein, fat: row.fat, carbs: row.carbs, isDefault: false };
}

export async function getGoals(userId: string): Promise<GoalsInput & { isDefault: boolean }> {
  const db = await getDb();
  const [row] = await db.select().from(dailyGoals).where(eq(dailyGoals.userId, userId));
  return goalsOf(row);
}

export async function setGoals(
  userId: string,
  goals: GoalsInput,
): Promise<GoalsInput & { isDefault: boolean }> {
  const db = await getDb();
  await db
    .insert(dailyGoals)
    .values({ userId, ...goals })
    .onConflictDoUpdate({ target: dailyGoals.userId, set: { ...goals, updatedAt: new Date() } });
  return { ...goals, isDefault: false };
}
