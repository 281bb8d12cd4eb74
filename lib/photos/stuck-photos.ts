import "server-only";
import { and, inArray, type SQL, sql } from "drizzle-orm";
import { IN_FLIGHT_PHOTO_STATUSES } from "@/db/photo-statuses";
import { mealPhotos } from "@/db/schema";

/**
 * The one clock for "stuck" (DESIGN §6): a photo's last sign of life is the later of its
 * attempt's heartbeat and the time its pending retry is due (Retry-After or the engine's
 * backoff); a PENDING photo may be queued behind the per-user concurrency limit, so for it the
 * user's latest job activity (a heartbeat of another photo being recognised or finished) counts
 * too. Raw statements must read `meal_photos` unaliased.
 */
const lastSignOfLife = sql`greatest(${mealPhotos.heartbeatAt}, ${mealPhotos.retryDueAt},
  case when ${mealPhotos.status} = 'PENDING' then (
    select max(q.heartbeat_at) from meal_photos q
    where q.user_id = ${mealPhotos.userId} and q.status <> 'PENDING') end)`;

/**
 * Invariant 6's "stuck": a photo in flight with no sign of life for longer than the timeout.
 * Served by the partial in-flight index on `meal_photos`.
 */
export function isStuckPhoto(stuckAfterSeconds: number): SQL {
  return and(
    inArray(mealPhotos.status, IN_FLIGHT_PHOTO_STATUSES),
    sql`${lastSignOfLife} < now() - make_interval(secs => ${stuckAfterSeconds})`,
  ) as SQL;
}
