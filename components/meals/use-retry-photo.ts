"use client";

import { type QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/components/api";
import type { MealDetail } from "@/components/queries";
import { allDiariesKey, cancelOutcomeKey, mealKey } from "@/components/query-keys";
import { useToast } from "@/components/ui/toast";
import type { PresentedPhoto } from "@/lib/meals/present";

const retryPhoto = (mealId: string, photoId: string) =>
  api<{ photo: PresentedPhoto }>(
    `/api/meals/${encodeURIComponent(mealId)}/photos/${encodeURIComponent(photoId)}/retry`,
    { method: "POST" },
  );

/** The server's answers (photos PENDING again, attempt + 1) shown at once, then everything refetched. */
function showRetried(queryClient: QueryClient, mealId: string, retried: PresentedPhoto[]) {
  const byId = new Map(retried.map((photo) => [photo.id, photo]));
  queryClient.setQueryData<MealDetail>(
    mealKey(mealId),
    (detail) =>
      detail && {
        ...detail,
        meal: { ...detail.meal, status: "PROCESSING" },
        photos: detail.photos.map((p) => byId.get(p.id) ?? p),
      },
  );
  // The last cancel's summary no longer describes the meal.
  queryClient.removeQueries({ queryKey: cancelOutcomeKey(mealId) });
  void queryClient.invalidateQueries({ queryKey: mealKey(mealId) });
  void queryClient.invalidateQueries({ queryKey: allDiariesKey });
}

/** Retry of a FAILED or CANCELLED photo: the server answers the photo as PENDING with attempt + 1. */
export function useRetryPhoto(mealId: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (photoId: string) => retryPhoto(mealId, photoId),
    onSuccess: ({ photo }) => showRetried(queryClient, mealId, [photo]),
    onError: (error) => toast(`The photo could not be retried. ${error.message}`, "error"),
  });
}

/** Retry all: every given FAILED or CANCELLED photo of the meal, one request each. */
export function useRetryAllPhotos(mealId: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: async (photoIds: readonly string[]) => {
      const retried: PresentedPhoto[] = [];
      for (const photoId of photoIds) retried.push((await retryPhoto(mealId, photoId)).photo);
      return retried;
    },
    onSuccess: (retried) => showRetried(queryClient, mealId, retried),
    onError: (error) => {
      void queryClient.invalidateQueries({ queryKey: mealKey(mealId) });
      toast(`The photos could not be retried. ${error.message}`, "error");
    },
  });
}
