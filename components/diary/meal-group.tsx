import Link from "next/link";
import { formatKcal, type MealTypeName, mealTypeLabel } from "@/components/format";
import type { DiaryMeal } from "@/components/queries";
import styles from "./diary-view.module.css";
import { MealCard } from "./meal-card";

/** The meals of one type (e.g. all lunches) of a day, or a prompt to add one. */
export function MealGroup({ type, meals, date }: { type: MealTypeName; meals: DiaryMeal[]; date: string }) {
  const label = mealTypeLabel(type);
  const kcal = meals.reduce((sum, meal) => sum + meal.totals.kcal, 0);
  const headingId = `group-${type}`;
  return (
    <section className={styles.group} aria-labelledby={headingId}>
      <div className={styles.groupHeader}>
        <h2 id={headingId} className={styles.groupTitle}>
          {label}
        </h2>
        {meals.some((meal) => meal.items.length > 0) && (
          <span className={styles.groupKcal}>{formatKcal(kcal)}</span>
        )}
      </div>
      {meals.length > 0 ? (
        meals.map((meal, index) => <MealCard key={meal.id} meal={meal} index={index} date={date} />)
      ) : (
        <div className={styles.emptyGroup}>
          <span>No {label.toLowerCase()} logged.</span>
          <Link href={`/meals/new?date=${date}&type=${type}`}>Add {label.toLowerCase()}</Link>
        </div>
      )}
    </section>
  );
}
