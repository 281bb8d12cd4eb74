"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "@/components/api";
import { type MealDetail, mealDetailOptions } from "@/components/queries";
import { allDiariesKey, cancelOutcomeKey, mealKey } from "@/components/query-keys";
import { useToast } from "@/components/ui/toast";
import { endAddMealFlow, isInAddMealFlow } from "./add-meal-flow";
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
 * While the meal is in the add-meal flow, leaving with work in flight (pagehide, or a route
 * change that unmounts this screen) sends a keepalive `navigation` cancel, unless the screen
 * handed over to the next one or the user chose Done.
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
  const [controller] = useState(() => injected ?? createCancelController());
  const [cancelling, setCancelling] = useState(false);
  // A cancel that got no answer stays on offer (and is resent on leaving) until the server answers.
  const [unconfirmed, setUnconfirmed] = useState(false);
  const kept = useRef(false);
  const mounted = useRef(false);
  const latest = useRef({ mealId, pending: false });
  useEffect(() => {
    latest.current = { mealId, pending: unconfirmed || hasAnythingToCancel(snapshot) };
  });

  useEffect(() => {
    const armedMeal = () => {
      const { mealId, pending } = latest.current;
      if (kept.current || !mealId || !isInAddMealFlow(mealId) || !pending) return null;
      return mealId;
    };
    const leave = () => {
      const mealId = armedMeal();
      if (!mealId) return;
      controller.cancelOnLeave(mealId);
      endAddMealFlow(mealId);
    };
    const warn = (event: BeforeUnloadEvent) => {
      if (armedMeal()) event.preventDefault();
    };
    mounted.current = true;
    window.addEventListener("pagehide", leave);
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("pagehide", leave);
      window.removeEventListener("beforeunload", warn);
      mounted.current = false;
      // An unmount is a route change, unless React mounts this effect again at once (Strict
      // Mode in development runs every effect twice); wait a task to tell them apart.
      setTimeout(() => {
        if (!mounted.current) leave();
      }, 0);
    };
  }, [controller]);

  async function cancel(): Promise<CancelOutcome | null> {
    if (!mealId || cancelling) return null;
    setCancelling(true);
    onCancelStart?.();
    try {
      const answer = await controller.cancel(mealId);
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
      setCancelling(false);
    }
  }

  return {
    /** Show Cancel: something is in flight, or a cancel still waits for the server's answer. */
    canCancel: mealId !== null && (cancelling || unconfirmed || hasAnythingToCancel(snapshot)),
    cancelling,
    cancel,
    /** The next screen of the flow takes over (its own hook cancels on leave from now on). */
    handOver: () => {
      kept.current = true;
    },
    /** Done: the user keeps the meal; recognition still in flight finishes in the diary. */
    finish: () => {
      kept.current = true;
      if (mealId) endAddMealFlow(mealId);
    },
  };
}
