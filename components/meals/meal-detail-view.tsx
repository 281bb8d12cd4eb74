"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "@/components/api";
import { AddItemDialog } from "@/components/diary/add-item-dialog";
import { useDeleteWithUndo } from "@/components/diary/diary-mutations";
import { focusOnceReady } from "@/components/diary/focus-once-ready";
import { stoppedMealLinkId } from "@/components/diary/stopped-meals";
import { formatKcal, formatLongDate, mealTypeLabel, plural } from "@/components/format";
import { hasPhotosInFlight, type MealDetail, useCancelOutcome, useMealDetail } from "@/components/queries";
import { mealKey } from "@/components/query-keys";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { isInFlight } from "@/db/photo-statuses";
import { isInAddMealFlow } from "./add-meal-flow";
import { describeCancelOutcome } from "./cancel-controller";
import { ItemList, includesExamples } from "./item-list";
import { useLeaveGuard } from "./leave-guard";
import styles from "./meal-detail-view.module.css";
import { PhotoStatusCard } from "./photo-status-card";
import { TotalsLine } from "./totals-line";
import { useCancelRecognition } from "./use-cancel-recognition";
import { useRetryAllPhotos, useRetryPhoto } from "./use-retry-photo";

const canRetry = (status: string) => status === "FAILED" || status === "CANCELLED";

/** Recognition is over and the user stopped part of it (some photo was cancelled). */
export const stoppedByUser = (detail: MealDetail) =>
  !hasPhotosInFlight(detail) && detail.photos.some((photo) => photo.status === "CANCELLED");

export function summary(detail: MealDetail): string {
  const total = detail.photos.length;
  const inFlight = detail.photos.filter((p) => isInFlight(p.status)).length;
  const done = detail.photos.filter((p) => p.status === "SUCCESS").length;
  if (total === 0) return "No photos in this meal.";
  if (inFlight > 0) {
    const soFar = done > 0 ? ` · ${formatKcal(detail.totals.kcal)} so far` : "";
    return `Recognising ${plural(inFlight, "photo")}… ${done} of ${total} done${soFar}.`;
  }
  if (stoppedByUser(detail)) {
    return done === 0
      ? "You stopped recognition. Nothing was recognised yet, so this meal is not in your diary's totals."
      : `You stopped recognition: ${done} of ${total} ${total === 1 ? "photo" : "photos"} recognised.`;
  }
  if (detail.meal.status === "FAILED") return "Nothing could be recognised; this meal is not in the diary.";
  return `Recognition finished: ${done} of ${total} ${total === 1 ? "photo" : "photos"} recognised.`;
}

/** Calories and item count per photo, for the photo cards. */
function kcalByPhoto(items: MealDetail["items"]) {
  const byPhoto = new Map<string, { kcal: number; count: number }>();
  for (const item of items) {
    if (!item.photoId) continue;
    const entry = byPhoto.get(item.photoId) ?? { kcal: 0, count: 0 };
    byPhoto.set(item.photoId, { kcal: entry.kcal + item.kcal, count: entry.count + 1 });
  }
  return byPhoto;
}

/**
 * The recognition screen of one meal: every photo's live status (with Retry), the items found so
 * far with running totals, Cancel while anything is in flight, and Done back to the diary.
 */
export function MealDetailView({ mealId }: { mealId: string }) {
  const query = useMealDetail(mealId);
  const outcome = useCancelOutcome(mealId);
  const retry = useRetryPhoto(mealId);
  const retryAll = useRetryAllPhotos(mealId);
  const recognition = useCancelRecognition({
    mealId,
    snapshot: { uploadsInFlight: 0, photos: query.data?.photos ?? [] },
  });
  // Whether this visit came from adding the meal (leaving then asks first): kept in the tab's
  // session storage, so read after hydration (the server cannot know it).
  const [addingMeal, setAddingMeal] = useState(false);
  useEffect(() => setAddingMeal(isInAddMealFlow(mealId)), [mealId]);
  const [addingFood, setAddingFood] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();
  const router = useRouter();
  const deleteWithUndo = useDeleteWithUndo(query.data?.meal.date ?? "");

  /** After Cancel and Retry, focus goes to the status the user's action changed. */
  const focusSummary = () => requestAnimationFrame(() => summaryRef.current?.focus());
  async function cancel(): Promise<boolean> {
    const outcome = await recognition.cancel();
    focusSummary();
    return outcome !== null;
  }
  const leaveGuard = useLeaveGuard({
    active: addingMeal && query.data !== undefined && hasPhotosInFlight(query.data),
    onStop: cancel,
  });

  if (query.isPending) {
    return (
      <div className={styles.view} role="status" aria-label="Loading the meal">
        <Skeleton width="40%" height="2rem" />
        <div className={styles.grid}>
          <Skeleton height="12rem" />
          <Skeleton height="12rem" />
        </div>
      </div>
    );
  }

  if (query.isError) {
    const error = query.error;
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Alert
        title={notFound ? "Meal not found" : "The meal could not be loaded"}
        actions={
          <>
            {!notFound && (
              <Button variant="secondary" onClick={() => query.refetch()} busy={query.isFetching}>
                Try again
              </Button>
            )}
            <ButtonLink href="/diary" variant="ghost">
              Go to the diary
            </ButtonLink>
          </>
        }
      >
        {error.message}
      </Alert>
    );
  }

  const detail = query.data;
  const { meal, photos, items, totals } = detail;
  const working = hasPhotosInFlight(detail);
  const perPhoto = kcalByPhoto(items);
  const stopped = stoppedByUser(detail);
  const retryable = photos.filter((photo) => canRetry(photo.status)).map((photo) => photo.id);

  return (
    <div className={styles.view}>
      <div className={styles.header}>
        <div className={styles.titleBlock}>
          <h1 className={styles.title}>{mealTypeLabel(meal.mealType)}</h1>
          <p className={styles.date}>{formatLongDate(meal.date)}</p>
        </div>
        {working ? (
          <Badge tone="info" pulse>
            Recognising
          </Badge>
        ) : meal.status === "FAILED" && stopped ? (
          <Badge tone="neutral">Stopped</Badge>
        ) : meal.status === "FAILED" ? (
          <Badge tone="danger">Not recognised</Badge>
        ) : (
          <Badge tone="success">Ready</Badge>
        )}
      </div>

      {/* One live region, always present, so each change (Cancelling…, the outcome) is announced. */}
      <div ref={summaryRef} className={styles.summary} aria-live="polite" role="status" tabIndex={-1}>
        <span>{recognition.cancelling ? "Cancelling…" : summary(detail)}</span>
        {outcome && !recognition.cancelling && (
          <span className={styles.outcome}>{describeCancelOutcome(outcome)}</span>
        )}
      </div>

      {!working && (meal.status === "FAILED" || stopped) && (
        <div className={styles.nextSteps}>
          {retryable.length > 0 && (
            <Button
              variant="secondary"
              busy={retryAll.isPending}
              onClick={() => retryAll.mutate(retryable, { onSettled: focusSummary })}
            >
              Retry all
            </Button>
          )}
          <Button variant="secondary" onClick={() => setAddingFood(true)}>
            Add food by hand
          </Button>
          {meal.status === "FAILED" && (
            <Button
              variant="ghost"
              onClick={() => {
                // Like a delete in the diary: the diary shows the meal gone, with Undo for a while.
                deleteWithUndo(
                  { kind: "meal", id: meal.id },
                  `Stopped ${mealTypeLabel(meal.mealType).toLowerCase()}`,
                  () => focusOnceReady(() => document.getElementById(stoppedMealLinkId(meal.id))),
                );
                router.replace(`/diary?date=${meal.date}`);
              }}
            >
              Discard
            </Button>
          )}
        </div>
      )}

      {query.isRefetchError && (
        <Alert tone="warning">Lost contact with the server; still trying to refresh this meal.</Alert>
      )}

      {photos.length > 0 && (
        <section className={styles.section} aria-labelledby="photos-title">
          <h2 id="photos-title" className={styles.sectionTitle}>
            Photos
          </h2>
          <ul className={styles.grid}>
            {photos.map((photo, index) => (
              <PhotoStatusCard
                key={photo.id}
                photo={photo}
                index={index}
                kcal={perPhoto.get(photo.id)?.kcal ?? 0}
                itemCount={perPhoto.get(photo.id)?.count ?? 0}
                onRetry={(photoId) => retry.mutate(photoId, { onSettled: focusSummary })}
                retrying={retry.isPending && retry.variables === photo.id}
              />
            ))}
          </ul>
        </section>
      )}

      <section className={styles.section} aria-labelledby="items-title">
        <h2 id="items-title" className={styles.sectionTitle}>
          Food
        </h2>
        <div className={styles.panel}>
          {items.length > 0 ? (
            <>
              <ItemList items={items} label="Food in this meal" />
              <TotalsLine totals={totals} examples={includesExamples(items)} />
            </>
          ) : (
            <p className={styles.muted}>
              {working ? "Items appear here as each photo is recognised." : "No food items in this meal."}
            </p>
          )}
        </div>
      </section>

      <div className={styles.footer}>
        {working && addingMeal && (
          <p className={styles.hint}>Recognition carries on if you leave; the meal lands in your diary.</p>
        )}
        <div className={styles.buttons}>
          {recognition.canCancel && (
            <Button variant="secondary" onClick={cancel} busy={recognition.cancelling}>
              {recognition.cancelling ? "Cancelling…" : "Cancel"}
            </Button>
          )}
          <ButtonLink href={`/diary?date=${meal.date}`} onClick={recognition.finish} data-keeps-recognition>
            Done
          </ButtonLink>
        </div>
      </div>
      {leaveGuard}
      <AddItemDialog
        open={addingFood}
        mealId={meal.id}
        mealTitle={mealTypeLabel(meal.mealType).toLowerCase()}
        date={meal.date}
        onClose={() => {
          setAddingFood(false);
          void queryClient.invalidateQueries({ queryKey: mealKey(meal.id) });
        }}
      />
    </div>
  );
}
