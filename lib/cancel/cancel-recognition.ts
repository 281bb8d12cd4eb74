import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { cancelEvents, mealPhotos } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { conflict } from "@/lib/http/errors";
import { deliverJobEventsSoon } from "@/lib/jobs/relay-outbox";
import { signalCancellations } from "@/lib/jobs/signal-cancellations";
import type { Logger } from "@/lib/logger";
import { type CancelledPhoto, cancelPhotos, type PhotosCancellation } from "./cancel-photos";
import type { CancelInput, CancelResponse, CancelStatus } from "./inputs";

function statusOf(result: PhotosCancellation): CancelStatus {
  if (result.cancelled.length > 0) return "cancelled";
  const named = result.named;
  if (named.length > 0 && named.every((photo) => photo.status === "SUCCESS")) return "already_completed";
  return "noop";
}

/** Whether a repeated clientCancelId names what its first request named (the reason may differ). */
function sameTargets(first: Pick<CancelInput, "mealId" | "photoIds">, repeat: CancelInput): boolean {
  const photos = (input: Pick<CancelInput, "photoIds">) => [...new Set(input.photoIds ?? [])].sort().join();
  return (first.mealId ?? null) === (repeat.mealId ?? null) && photos(first) === photos(repeat);
}

/** The caller's meals the request names: its meal, or the meals of its photos. */
async function targetMealIds(tx: Parameters<typeof cancelPhotos>[0], userId: string, input: CancelInput) {
  if (input.mealId) return [input.mealId];
  if (!input.photoIds) return [];
  const rows = await tx
    .selectDistinct({ mealId: mealPhotos.mealId })
    .from(mealPhotos)
    .where(and(inArray(mealPhotos.id, input.photoIds), eq(mealPhotos.userId, userId)));
  return rows.map((row) => row.mealId);
}

/**
 * The server-safe cancel (DESIGN §5). One transaction, insert-first: the audit row is inserted
 * with ON CONFLICT DO NOTHING, so of any number of concurrent requests with one clientCancelId
 * exactly one acts; the others wait for its commit and replay its answer (`duplicate: true`),
 * changing nothing but `duplicate_count`; a repeat that names another meal or other photos is
 * refused (409 `client_cancel_id_reused`) and changes nothing. The acting request cancels the
 * in-flight photos it names, finalises their meals and stores its answer in the same transaction;
 * the recognition runs' cancel events go into the outbox in that transaction and are delivered
 * after the commit. A missing or foreign meal is a recorded noop.
 */
export async function cancelRecognition(
  userId: string,
  input: CancelInput,
  log: Logger,
): Promise<CancelResponse> {
  const { clientCancelId } = input;
  log.info(
    { clientCancelId, mealId: input.mealId, photoIds: input.photoIds, reason: input.reason },
    "[AI][Cancel] RECEIVED",
  );

  const outcome = await transaction(
    async (tx): Promise<{ response: CancelResponse; cancelled: CancelledPhoto[] }> => {
      const [event] = await tx
        .insert(cancelEvents)
        .values({ userId, clientCancelId, reason: input.reason, payload: input, noop: true })
        .onConflictDoNothing({ target: [cancelEvents.userId, cancelEvents.clientCancelId] })
        .returning({ id: cancelEvents.id });

      if (!event) {
        const [first] = await tx
          .update(cancelEvents)
          .set({ duplicateCount: sql`${cancelEvents.duplicateCount} + 1` })
          .where(and(eq(cancelEvents.userId, userId), eq(cancelEvents.clientCancelId, clientCancelId)))
          .returning({ id: cancelEvents.id, response: cancelEvents.response, payload: cancelEvents.payload });
        if (!first?.response) throw new Error("the first cancel committed without its answer");
        if (!sameTargets(first.payload as CancelInput, input)) {
          // Thrown inside the transaction: the duplicate count goes back, nothing changes.
          log.warn(
            { clientCancelId, cancelEventId: first.id, mealId: input.mealId, photoIds: input.photoIds },
            "[AI][Cancel] ID_REUSED",
          );
          throw conflict("This clientCancelId was already used for another meal or other photos", {
            reason: "client_cancel_id_reused",
          });
        }
        log.info({ clientCancelId, cancelEventId: first.id }, "[AI][Cancel] DUPLICATE");
        return { response: { ...(first.response as CancelResponse), duplicate: true }, cancelled: [] };
      }
      log.info({ clientCancelId, cancelEventId: event.id }, "[AI][Cancel] EVENT_SAVED");

      const result = await cancelPhotos(tx, userId, {
        mealIds: await targetMealIds(tx, userId, input),
        photoIds: input.photoIds,
      });
      if (input.mealId && result.lockedMealIds.length === 0) {
        // Gone, or someone else's: the same answer either way, and the id stays in the payload.
        log.warn(
          { clientCancelId, cancelEventId: event.id, mealId: input.mealId },
          "[AI][Cancel] MEAL_MISSING",
        );
      }
      const mealId = result.lockedMealIds.length === 1 ? (result.lockedMealIds[0] ?? null) : null;
      const status = statusOf(result);
      const response: CancelResponse = {
        cancelEventId: event.id,
        clientCancelId,
        status,
        duplicate: false,
        cancelledTasks: result.cancelled.length,
        updatedPhotos: result.cancelled.length,
        mealId,
        mealStatus: mealId ? (result.mealStatuses.get(mealId) ?? null) : null,
      };
      await tx
        .update(cancelEvents)
        .set({
          mealId,
          noop: status !== "cancelled",
          cancelledTasks: response.cancelledTasks,
          updatedPhotos: response.updatedPhotos,
          response,
        })
        .where(eq(cancelEvents.id, event.id));

      await signalCancellations(tx, result.cancelled, { userId, cancelEventId: event.id }, log);
      if (status === "cancelled") {
        log.info(
          { cancelEventId: event.id, photoIds: result.cancelled.map((photo) => photo.photoId) },
          "[AI][Cancel] UPDATED_PHOTOS",
        );
      } else {
        log.info({ cancelEventId: event.id, status }, "[AI][Cancel] NOOP");
      }
      return { response, cancelled: result.cancelled };
    },
  );

  if (outcome.cancelled.length > 0) await deliverJobEventsSoon();
  log.info({ ...outcome.response, cancelEventId: outcome.response.cancelEventId }, "[AI][Cancel] PROCESSED");
  return outcome.response;
}
