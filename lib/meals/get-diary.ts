import "server-only";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { type Db, getDb } from "@/db/client";
import { IN_FLIGHT_SQL_LIST } from "@/db/photo-statuses";
import { meals, users } from "@/db/schema";
import { goalsOf } from "@/lib/goals/goals";
import { sumTotals } from "./macros";
import { photoUrl, presentItem, presentMeal } from "./present";

/**
 * The diary's one statement: the user's goals, the day's meals, their SUCCESS photos and their
 * items (one relational query rooted at the user), with the user and the date as placeholders.
 */
function prepareDiaryQuery(db: Db) {
  return db.query.users
    .findFirst({
      where: eq(users.id, sql.placeholder("userId")),
      columns: { id: true },
      with: {
        goals: { columns: { kcal: true, protein: true, fat: true, carbs: true } },
        meals: {
          where: and(eq(meals.date, sql.placeholder("date")), ne(meals.status, "FAILED")),
          orderBy: [asc(meals.createdAt)],
          extras: {
            photosInFlight: sql<number>`(select count(*)::int from meal_photos p
            where p.meal_id = ${meals.id} and p.status in (${sql.raw(IN_FLIGHT_SQL_LIST)}))`.as(
              "photos_in_flight",
            ),
          },
          with: {
            photos: {
              columns: { id: true, width: true, height: true },
              where: (photo, { eq }) => eq(photo.status, "SUCCESS"),
              orderBy: (photo, { asc }) => [asc(photo.createdAt)],
            },
            items: {
              where: (item) => sql`(${item.photoId} is null or exists (select 1 from meal_photos p
              where p.id = ${item.photoId} and p.status = 'SUCCESS'))`,
              orderBy: (item, { asc }) => [asc(item.createdAt)],
            },
          },
        },
      },
    })
    .prepare("diary");
}

// Built once per database handle: drizzle building the relational query's SQL was a measurable
// share of each diary request's CPU (docs/PERFORMANCE.md).
const diaryQueries = new WeakMap<Db, ReturnType<typeof prepareDiaryQuery>>();

function diaryQuery(db: Db) {
  let query = diaryQueries.get(db);
  if (!query) {
    query = prepareDiaryQuery(db);
    diaryQueries.set(db, query);
  }
  return query;
}

/**
 * The diary of one date in one SQL statement, whatever the number of rows. FAILED meals and
 * non-SUCCESS photos never appear (DESIGN §4.2); items are those of SUCCESS photos or added by hand.
 */
export async function getDiary(userId: string, date: string) {
  const user = await diaryQuery(await getDb()).execute({ userId, date });

  const diaryMeals = (user?.meals ?? [])
    // A meal with nothing recognised, nothing added and nothing in flight has nothing to show.
    .filter((meal) => meal.photos.length > 0 || meal.items.length > 0 || meal.photosInFlight > 0)
    .map((meal) => {
      const items = meal.items.map(presentItem);
      return {
        ...presentMeal(meal),
        photosInFlight: meal.photosInFlight,
        photos: meal.photos.map((photo) => ({
          ...photo,
          status: "SUCCESS" as const,
          url: photoUrl(photo.id),
        })),
        items,
        totals: sumTotals(items),
      };
    });

  const { isDefault: _isDefault, ...goals } = goalsOf(user?.goals);
  return {
    date,
    meals: diaryMeals,
    totals: sumTotals(diaryMeals.map((meal) => meal.totals)),
    goals,
  };
}

export type Diary = Awaited<ReturnType<typeof getDiary>>;
