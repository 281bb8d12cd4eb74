import { formatKcal } from "@/components/format";
import { Macros } from "@/components/meals/macros";
import type { Macros as MacroAmounts } from "@/lib/meals/macros";
import styles from "./food-forms.module.css";

export interface SummaryRow {
  /** "Per 100 g", "Per piece (85 g)", "Whole recipe". */
  label: string;
  values: MacroAmounts;
}

/** Energy and macros on one line per basis: per 100 g, per piece, the whole recipe. */
export function NutritionSummary({ rows, live = false }: { rows: SummaryRow[]; live?: boolean }) {
  return (
    <div className={styles.summary} aria-live={live ? "polite" : undefined}>
      {rows.map((row) => (
        <p key={row.label} className={styles.summaryRow}>
          <span className={styles.summaryLabel}>{row.label}</span>
          <span className={styles.summaryKcal}>{formatKcal(row.values.kcal)}</span>
          <span className={styles.summaryMacros}>
            <Macros values={row.values} />
          </span>
        </p>
      ))}
    </div>
  );
}
