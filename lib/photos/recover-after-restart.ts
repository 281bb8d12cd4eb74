import "server-only";
import { and, inArray, lt, type SQL } from "drizzle-orm";
import { IN_FLIGHT_PHOTO_STATUSES } from "@/db/photo-statuses";
import { mealPhotos } from "@/db/schema";
import { config } from "@/lib/config";
import { type Reconciliation, reconcileInFlightPhotos } from "./reconcile-photos";

/**
 * The embedded executor keeps runs in memory: when it starts, no run of an earlier process is
 * left. Every photo in flight whose attempt showed no sign of life since `executorStartedAt` is
 * recovered at once as a new attempt (its event goes through the outbox), rather than waiting for
 * the sweeper's timeout (DESIGN §6, docs/BACKGROUND_JOBS.md).
 */
export function recoverAfterRestart(executorStartedAt: Date): Promise<Reconciliation> {
  return reconcileInFlightPhotos(
    and(
      inArray(mealPhotos.status, IN_FLIGHT_PHOTO_STATUSES),
      lt(mealPhotos.heartbeatAt, executorStartedAt),
    ) as SQL,
    {
      maxRecoveries: config().RECOGNITION_MAX_RECOVERIES,
      error: { code: "timeout", message: "Recognition was interrupted by restarts too many times" },
    },
  );
}
