"use client";

import { ApiError } from "@/components/api";
import { formatLongDate, mealTypeLabel, plural } from "@/components/format";
import { hasPhotosInFlight, type MealDetail, useMealDetail } from "@/components/queries";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ItemList } from "./item-list";
import styles from "./meal-detail-view.module.css";
import { PhotoStatusCard } from "./photo-status-card";
import { TotalsLine } from "./totals-line";

function summary(detail: MealDetail): string {
  const total = detail.photos.length;
  const inFlight = detail.photos.filter((p) => p.status === "PENDING" || p.status === "PROCESSING").length;
  const done = detail.photos.filter((p) => p.status === "SUCCESS").length;
  if (total === 0) return "No photos in this meal.";
  if (inFlight > 0) return `Recognising ${plural(inFlight, "photo")}… ${done} of ${total} done.`;
  if (detail.meal.status === "FAILED") return "Nothing could be recognised; this meal is not in the diary.";
  return `Recognition finished: ${done} of ${total} ${total === 1 ? "photo" : "photos"} recognised.`;
}

/** The recognition screen of one meal: every photo's status, the items found so far, and totals. */
export function MealDetailView({ mealId }: { mealId: string }) {
  const query = useMealDetail(mealId);

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
  const kcalByPhoto = new Map<string, { kcal: number; count: number }>();
  for (const item of items) {
    if (!item.photoId) continue;
    const entry = kcalByPhoto.get(item.photoId) ?? { kcal: 0, count: 0 };
    kcalByPhoto.set(item.photoId, { kcal: entry.kcal + item.kcal, count: entry.count + 1 });
  }

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
        ) : meal.status === "FAILED" ? (
          <Badge tone="danger">Not recognised</Badge>
        ) : (
          <Badge tone="success">Ready</Badge>
        )}
      </div>

      <p className={styles.summary} aria-live="polite" role="status">
        {summary(detail)}
      </p>

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
                kcal={kcalByPhoto.get(photo.id)?.kcal ?? 0}
                itemCount={kcalByPhoto.get(photo.id)?.count ?? 0}
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
              <TotalsLine totals={totals} />
            </>
          ) : (
            <p className={styles.muted}>
              {working ? "Items appear here as each photo is recognised." : "No food items in this meal."}
            </p>
          )}
        </div>
      </section>

      <div className={styles.footer}>
        <ButtonLink href={`/diary?date=${meal.date}`}>Done</ButtonLink>
      </div>
    </div>
  );
}
