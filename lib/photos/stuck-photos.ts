import "server-only";
import { and, inArray, lt, type SQL, sql } from "drizzle-orm";
import { IN_FLIGHT_PHOTO_STATUSES } from "@/db/photo-statuses";
import { mealPhotos } from "@/db/schema";

/**
 * Invariant 6's "stuck": a photo in flight whose row has not moved for longer than the timeout.
 * Served by the partial in-flight index on `meal_photos`.
 */
export function isStuckPhoto(stuckAfterSeconds: number): SQL {
  const stuckBefore = sql`now() - make_interval(secs => ${stuckAfterSeconds})`;
  return and(
    inArray(mealPhotos.status, IN_FLIGHT_PHOTO_STATUSES),
    lt(mealPhotos.updatedAt, stuckBefore),
  ) as SQL;
}
