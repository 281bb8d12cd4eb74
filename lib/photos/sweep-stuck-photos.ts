import "server-only";
import { config } from "@/lib/config";
import { type Reconciliation, reconcileInFlightPhotos } from "./reconcile-photos";
import { isStuckPhoto } from "./stuck-photos";

/**
 * Invariant 6: no photo stays in flight without a sign of life longer than the timeout (a lost
 * event, a crashed executor, a hung provider). A stuck photo's run is presumed gone: it gets a new
 * attempt while it has recoveries left, then becomes FAILED with error_code `timeout` and its run
 * is cancelled (DESIGN §6).
 */
export function sweepStuckPhotos(
  timeoutSeconds: number,
  maxRecoveries = config().RECOGNITION_MAX_RECOVERIES,
): Promise<Reconciliation> {
  return reconcileInFlightPhotos(isStuckPhoto(timeoutSeconds), {
    maxRecoveries,
    error: { code: "timeout", message: `Recognition showed no progress for ${timeoutSeconds} s` },
  });
}
