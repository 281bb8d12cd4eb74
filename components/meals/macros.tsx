import { formatGrams } from "@/components/format";
import type { Macros as MacroAmounts } from "@/lib/meals/macros";
import styles from "./item-list.module.css";

type MacroValues = Omit<MacroAmounts, "kcal">;

const MACROS = [
  { key: "protein", short: "P", name: "Protein" },
  { key: "fat", short: "F", name: "Fat" },
  { key: "carbs", short: "C", name: "Carbs" },
] as const;

/** Protein, fat and carbs as "P 12 g · F 3 g · C 40 g", with full names for screen readers. */
export function Macros({ values }: { values: MacroValues }) {
  return (
    <>
      {MACROS.map((macro) => (
        <span key={macro.key} className={`${styles.macro} ${styles[macro.key]}`}>
          <span className={styles.dot} aria-hidden="true" />
          <span title={macro.name} aria-hidden="true">
            {macro.short}
          </span>
          <span className="visually-hidden">{macro.name}</span> {formatGrams(values[macro.key])}
        </span>
      ))}
    </>
  );
}
