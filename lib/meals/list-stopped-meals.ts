import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { meals } from "@/db/schema";
import { presentMeal } from "./present";

/** How long a stopped meal stays on offer in the diary before it is just gone from view. */
const STOPPED_SHOWN_FOR = sql`interval '1 day'`;

/**
 * The meals of one date the user stopped in the last day: FAILED (so never in the diary nor its
 * totals, DESIGN §4.2) with at least one photo they cancelled. The diary lists them apart, with
 * Retry, so a stop is never a silent loss. Photo ids only (no URLs: nothing of them is shown).
 */
export async function listStoppedMeals(userId: string, date: string) {
  const db = await getDb();
  const rows = await db.query.meals.findMany({
    where: and(
      eq(meals.userId, userId),
      eq(meals.date, date),
      eq(meals.status, "FAILED"),
      gt(meals.finalizedAt, sql`now() - ${STOPPED_SHOWN_FOR}`),
      sql`exists (select 1 from meal_photos p where p.meal_id = ${meals.id} and p.status = 'CANCELLED')`,
    ),
    orderBy: [asc(meals.createdAt)],
    with: {
      photos: { columns: { id: true, status: true }, orderBy: (photo, { asc }) => [asc(photo.createdAt)] },
    },
  });
  return {
    date,
    meals: rows.map((meal) => ({
      ...presentMeal(meal),
      /** Photos Retry brings back: every one is FAILED or CANCELLED in a FAILED meal. */
      photoIds: meal.photos.map((photo) => photo.id),
    })),
  };
}

export type StoppedMeals = Awaited<ReturnType<typeof listStoppedMeals>>;
