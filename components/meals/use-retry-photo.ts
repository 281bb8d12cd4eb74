"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/components/api";
import type { MealDetail } from "@/components/queries";
import { allDiariesKey, cancelOutcomeKey, mealKey } from "@/components/query-keys";
import { useToast } from "@/components/ui/toast";
import type { PresentedPhoto } from "@/lib/meals/present";

/** Retry of a FAILED or CANCELLED photo: the server answers the photo as PENDING with attempt + 1. */
export function useRetryPhoto(mealId: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (photoId: string) =>
      api<{ photo: PresentedPhoto }>(
        `/api/meals/${encodeURIComponent(mealId)}/photos/${encodeURIComponent(photoId)}/retry`,
        { method: "POST" },
      ),
    onSuccess: ({ photo }) => {
      queryClient.setQueryData<MealDetail>(
        mealKey(mealId),
        (detail) =>
          detail && {
            ...detail,
            meal: { ...detail.meal, status: "PROCESSING" },
            photos: detail.photos.map((p) => (p.id === photo.id ? photo : p)),
          },
      );
      // The last cancel's summary no longer describes the meal.
      queryClient.removeQueries({ queryKey: cancelOutcomeKey(mealId) });
      void queryClient.invalidateQueries({ queryKey: mealKey(mealId) });
      void queryClient.invalidateQueries({ queryKey: allDiariesKey });
    },
    onError: (error) => toast(`The photo could not be retried. ${error.message}`, "error"),
  });
}
