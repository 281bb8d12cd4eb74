"use client";

import { useEffect, useState } from "react";
import { ApiError } from "@/components/api";
import { localDate, MEAL_TYPES } from "@/components/format";
import { useDiary } from "@/components/queries";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { PlateIcon } from "@/components/ui/icons";
import { DateNav } from "./date-nav";
import { DayTotals } from "./day-totals";
import { DiarySkeleton } from "./diary-skeleton";
import styles from "./diary-view.module.css";
import { MealGroup } from "./meal-group";
import { StoppedMeals } from "./stopped-meals";

interface DiaryViewProps {
  /** The date from the URL, when there is one. */
  dateParam: string | null;
  /** The server's idea of today, used until the browser says what today is where the user is. */
  serverToday: string;
}

/** The food diary of one day: date navigation, totals against goals, and the meals by type. */
export function DiaryView({ dateParam, serverToday }: DiaryViewProps) {
  const [today, setToday] = useState<string | null>(null);
  useEffect(() => setToday(localDate()), []);

  const date = dateParam ?? today ?? serverToday;
  const diary = useDiary(date);
  const addHref = `/meals/new?date=${date}`;

  return (
    <div className={styles.view}>
      <DateNav date={date} today={today} />

      {diary.isPending ? (
        <DiarySkeleton />
      ) : diary.isError ? (
        <DiaryError error={diary.error} onRetry={() => diary.refetch()} retrying={diary.isFetching} />
      ) : diary.data.meals.length === 0 ? (
        <>
          <DayTotals totals={diary.data.totals} goals={diary.data.goals} meals={diary.data.meals} />
          <div className={styles.empty}>
            <span className={styles.emptyIcon}>
              <PlateIcon size={48} />
            </span>
            <h2 className={styles.emptyTitle}>No meals yet for this day</h2>
            <p className={styles.emptyText}>
              Snap a photo of what you eat and Mealsnap works out the calories and macros for you.
            </p>
            <ButtonLink href={addHref}>Add meal</ButtonLink>
          </div>
        </>
      ) : (
        <>
          <DayTotals totals={diary.data.totals} goals={diary.data.goals} meals={diary.data.meals} />
          <div className={styles.toolbar}>
            <ButtonLink href={addHref}>+ Add meal</ButtonLink>
          </div>
          <div className={styles.groups}>
            {MEAL_TYPES.map((type) => (
              <MealGroup
                key={type}
                type={type}
                date={date}
                meals={diary.data.meals.filter((meal) => meal.mealType === type)}
              />
            ))}
          </div>
        </>
      )}
      {!diary.isPending && !diary.isError && <StoppedMeals date={date} />}
    </div>
  );
}

function DiaryError({ error, onRetry, retrying }: { error: Error; onRetry: () => void; retrying: boolean }) {
  if (error instanceof ApiError && error.status === 401) {
    return (
      <Alert
        title="You are signed out"
        actions={
          <ButtonLink
            href={`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`}
          >
            Sign in again
          </ButtonLink>
        }
      >
        Your session has ended.
      </Alert>
    );
  }
  return (
    <Alert
      title="The diary could not be loaded"
      actions={
        <Button variant="secondary" onClick={onRetry} busy={retrying}>
          Try again
        </Button>
      }
    >
      {error.message}
    </Alert>
  );
}
