"use client";

import { useState } from "react";
import { formatKcal } from "@/components/format";
import { EXAMPLE_MEANING, includesExamples } from "@/components/meals/item-list";
import type { Diary } from "@/components/queries";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import styles from "./day-totals.module.css";
import { GoalsDialog } from "./goals-dialog";

const round = (n: number) => Math.round(n).toLocaleString("en-GB");

const MACROS = [
  { key: "protein", label: "Protein" },
  { key: "fat", label: "Fat" },
  { key: "carbs", label: "Carbs" },
] as const;

/**
 * The day's calories and macros against the user's daily goals, which can be edited here; says so
 * when they include the demo recognizer's example items.
 */
export function DayTotals({ totals, goals, meals }: Pick<Diary, "totals" | "goals" | "meals">) {
  const [editing, setEditing] = useState(false);
  const left = goals.kcal - totals.kcal;
  const examples = includesExamples(meals.flatMap((meal) => meal.items));
  return (
    <section className={styles.card} aria-labelledby="day-totals-title">
      <h2 id="day-totals-title" className="visually-hidden">
        Day totals
      </h2>
      <div className={styles.summary}>
        <p className={styles.eaten}>
          {round(totals.kcal)} <span className={styles.goal}>/ {formatKcal(goals.kcal)}</span>
        </p>
        <p className={styles.remaining}>
          {left >= 0 ? `${formatKcal(left)} left` : `${formatKcal(-left)} over goal`}
        </p>
        <Button variant="ghost" size="small" className={styles.editGoals} onClick={() => setEditing(true)}>
          Edit goals
        </Button>
      </div>
      {examples && (
        <p className={styles.examples}>
          These totals include example foods, {EXAMPLE_MEANING}. Edit an item to say what you ate.
        </p>
      )}
      <div className={styles.bars}>
        <ProgressBar
          label="Calories"
          value={totals.kcal}
          max={goals.kcal}
          valueText={`${round(totals.kcal)} / ${round(goals.kcal)} kcal`}
          color="var(--color-kcal)"
        />
        <div className={styles.macros}>
          {MACROS.map(({ key, label }) => (
            <ProgressBar
              key={key}
              label={label}
              value={totals[key]}
              max={goals[key]}
              valueText={`${round(totals[key])} / ${goals[key]} g`}
              color={`var(--color-${key})`}
            />
          ))}
        </div>
      </div>
      <GoalsDialog open={editing} goals={goals} onClose={() => setEditing(false)} />
    </section>
  );
}
