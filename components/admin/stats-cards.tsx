import type { CancelStats } from "@/lib/admin/cancel-stats";
import { formatNumber, formatRate } from "./format";
import styles from "./stats-cards.module.css";

/** The runbook's figures for the window, as a definition list of cards. */
export function StatsCards({ stats }: { stats: CancelStats }) {
  const finalized = stats.mealsFinalized.complete + stats.mealsFinalized.failed;
  const cards: Array<[label: string, value: string, note?: string]> = [
    ["Cancels", formatNumber(stats.cancels)],
    ["Noop rate", formatRate(stats.noopRate), "10–50 % is normal"],
    [
      "Duplicate rate",
      formatRate(stats.duplicateRate),
      `${formatNumber(stats.duplicates)} repeats; alarm > 5 %`,
    ],
    [
      "Updated photos per cancel",
      stats.averageUpdatedPhotos === null ? "—" : formatNumber(stats.averageUpdatedPhotos, 1),
    ],
    ["Race-guard discards", formatNumber(stats.raceGuardDiscards)],
    [
      "Meals finalised",
      `${formatNumber(stats.mealsFinalized.complete)} / ${formatNumber(stats.mealsFinalized.failed)}`,
      finalized
        ? `COMPLETE / FAILED · ${formatRate(stats.mealsFinalized.failed / finalized)} failed`
        : "COMPLETE / FAILED",
    ],
    ["Photos stuck now", formatNumber(stats.stuckPhotos), "should be 0"],
  ];
  return <FigureCards cards={cards} />;
}

/** Figures as a definition list of cards: label, value and an optional note. */
export function FigureCards({ cards }: { cards: Array<[label: string, value: string, note?: string]> }) {
  return (
    <dl className={styles.cards}>
      {cards.map(([label, value, note]) => (
        <div key={label} className={styles.card}>
          <dt className={styles.label}>{label}</dt>
          <dd className={styles.value}>{value}</dd>
          {note && <dd className={styles.note}>{note}</dd>}
        </div>
      ))}
    </dl>
  );
}
