"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "@/components/api";
import { type MealDetail, mealDetailOptions } from "@/components/queries";
import { allDiariesKey, cancelOutcomeKey, mealKey } from "@/components/query-keys";
import { useDismissToast, useToast } from "@/components/ui/toast";
import { endAddMealFlow } from "./add-meal-flow";
import {
  type CancelController,
  type CancelOutcome,
  type CancelSnapshot,
  createCancelController,
  hasAnythingToCancel,
} from "./cancel-controller";

interface UseCancelRecognitionOptions {
  mealId: string | null;
  snapshot: CancelSnapshot;
  /** Runs when Cancel is pressed, before the request: stops the browser's own uploads. */
  onCancelStart?: () => void;
  /** Uploads the browser stopped that never reached the server, given the refetched meal. */
  countStoppedUploads?: (detail: MealDetail) => number;
  controller?: CancelController;
}

/**
 * Cancel for one meal's recognition. `cancel()` is one user intent (see the controller); the
 * server's answer is the truth: the meal is refetched and the outcome kept in the query cache.
 * Leaving is never a cancel: recognition runs on the server and the meal finishes in the diary.
 * Only the browser's own uploads die with the page, so closing or reloading while bytes are
 * still going out asks the browser's "leave page?" first.
 */
export function useCancelRecognition({
  mealId,
  snapshot,
  onCancelStart,
  countStoppedUploads,
  controller: injected,
}: UseCancelRecognitionOptions) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const dismissToast = useDismissToast();
  const [controller] = useState(() => injected ?? createCancelController());
  const [cancelling, setCancelling] = useState(false);
  // A cancel that got no answer stays on offer until the server answers.
  const [unconfirmed, setUnconfirmed] = useState(false);
  const uploading = useRef(false);
  uploading.current = snapshot.uploadsInFlight > 0;

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (uploading.current) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  async function cancel(): Promise<CancelOutcome | null> {
    if (!mealId || cancelling) return null;
    setCancelling(true);
    onCancelStart?.();
    let offlineToast: number | null = null;
    try {
      const answer = await controller.cancel(mealId, {
        onWaitingForNetwork: () => {
          offlineToast ??= toast(
            "You are offline. Your Cancel is kept and will be sent as soon as you are back online.",
            "info",
            { persist: true },
          );
        },
      });
      // Drop any poll that left before the cancel, then read the meal as it is now.
      await queryClient.cancelQueries({ queryKey: mealKey(mealId) });
      const detail = await queryClient
        .fetchQuery({ ...mealDetailOptions(mealId), staleTime: 0 })
        .catch(() => undefined);
      const outcome: CancelOutcome = {
        cancelled: answer.updatedPhotos,
        alreadyDone: detail?.photos.filter((photo) => photo.status === "SUCCESS").length ?? 0,
        stoppedUploads: detail && countStoppedUploads ? countStoppedUploads(detail) : 0,
      };
      queryClient.setQueryData(cancelOutcomeKey(mealId), outcome);
      setUnconfirmed(false);
      void queryClient.invalidateQueries({ queryKey: allDiariesKey });
      return outcome;
    } catch (error) {
      const reason = error instanceof ApiError ? error.message : "Something went wrong.";
      setUnconfirmed(true);
      toast(`Cancel was not confirmed. ${reason}`, "error");
      return null;
    } finally {
      if (offlineToast !== null) dismissToast(offlineToast);
      setCancelling(false);
    }
  }

  return {
    /** Show Cancel: something is in flight, or a cancel still waits for the server's answer. */
    canCancel: mealId !== null && (cancelling || unconfirmed || hasAnythingToCancel(snapshot)),
    cancelling,
    cancel,
    /** Done: the user keeps the meal; recognition still in flight finishes in the diary. */
    finish: () => {
      if (mealId) endAddMealFlow(mealId);
    },
  };
}
