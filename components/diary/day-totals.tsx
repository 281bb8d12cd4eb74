"use client";

import { useState } from "react";
import { formatKcal } from "@/components/format";
import type { Diary } from "@/components/queries";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import styles from "./day-totals.module.css";
import { GoalsDialog } from "./goals-dialog";

const round = (n: number) => Math.round(n).toLocaleString("en-GB");

/** The day's calories and macros against the user's daily goals, which can be edited here. */
export function DayTotals({ totals, goals }: Pick<Diary, "totals" | "goals">) {
  const [editing, setEditing] = useState(false);
  const left = goals.kcal - totals.kcal;
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
      <div className={styles.bars}>
        <ProgressBar
          label="Calories"
          value={totals.kcal}
          max={goals.kcal}
          valueText={`${round(totals.kcal)} / ${round(goals.kcal)} kcal`}
          color="var(--color-kcal)"
        />
        <div className={styles.macros}>
          <ProgressBar
            label="Protein"
            value={totals.protein}
            max={goals.protein}
            valueText={`${round(totals.protein)} / ${goals.protein} g`}
            color="var(--color-protein)"
          />
          <ProgressBar
            label="Fat"
            value={totals.fat}
            max={goals.fat}
            valueText={`${round(totals.fat)} / ${goals.fat} g`}
            color="var(--color-fat)"
          />
          <ProgressBar
            label="Carbs"
            value={totals.carbs}
            max={goals.carbs}
            valueText={`${round(totals.carbs)} / ${goals.carbs} g`}
            color="var(--color-carbs)"
          />
        </div>
      </div>
      <GoalsDialog open={editing} goals={goals} onClose={() => setEditing(false)} />
    </section>
  );
}
