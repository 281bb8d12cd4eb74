import { formatKcal } from "@/components/format";
import type { Macros as MacroAmounts } from "@/lib/meals/macros";
import styles from "./item-list.module.css";
import { Macros } from "./macros";

/**
 * "Total · 650 kcal · P 30 g · F 20 g · C 80 g" under a list of items; "Total (includes examples)"
 * when some of them are the demo recognizer's made-up items.
 */
export function TotalsLine({
  totals,
  label = "Total",
  examples = false,
}: {
  totals: MacroAmounts;
  label?: string;
  examples?: boolean;
}) {
  return (
    <p className={styles.totals}>
      <span className={styles.totalsLabel}>
        {label}
        {examples && <span className={styles.totalsNote}> (includes examples)</span>}
      </span>
      <span className={styles.totalsValues}>
        <span className={styles.totalsKcal}>{formatKcal(totals.kcal)}</span>
        <Macros values={totals} />
      </span>
    </p>
  );
}
