"use client";

import Link from "next/link";
import { mealTypeLabel, plural } from "@/components/format";
import { useRetryAllPhotos } from "@/components/meals/use-retry-photo";
import { type StoppedMeal, useStoppedMeals } from "@/components/queries";
import { Button } from "@/components/ui/button";
import styles from "./stopped-meals.module.css";

/**
 * A quiet strip under the day's meals: the meals the user stopped, which are in neither the diary
 * nor its totals, each with Retry (recognition starts again and the meal joins the day) and a
 * link to the meal (to add food by hand or discard it).
 */
export function StoppedMeals({ date }: { date: string }) {
  const stopped = useStoppedMeals(date);
  const meals = stopped.data?.meals ?? [];
  if (meals.length === 0) return null;
  return (
    <section className={styles.strip} aria-labelledby="stopped-title">
      <h2 id="stopped-title" className={styles.title}>
        Stopped
      </h2>
      <p className={styles.hint}>You stopped recognising these; they are not counted in the day.</p>
      <ul className={styles.list}>
        {meals.map((meal) => (
          <StoppedRow key={meal.id} meal={meal} />
        ))}
      </ul>
    </section>
  );
}

/** The id of a stopped meal's link, where focus goes back to when its Discard is undone. */
export const stoppedMealLinkId = (mealId: string) => `stopped-meal-${mealId}`;

function StoppedRow({ meal }: { meal: StoppedMeal }) {
  const retry = useRetryAllPhotos(meal.id);
  const label = mealTypeLabel(meal.mealType);
  return (
    <li className={styles.row}>
      <Link id={stoppedMealLinkId(meal.id)} href={`/meals/${meal.id}`} className={styles.name}>
        {label} · {plural(meal.photoIds.length, "photo")}
      </Link>
      <Button
        variant="secondary"
        size="small"
        busy={retry.isPending}
        onClick={() => retry.mutate(meal.photoIds)}
      >
        Retry<span className="visually-hidden"> {label.toLowerCase()}</span>
      </Button>
    </li>
  );
}
