import type { CSSProperties, ReactNode } from "react";
import styles from "./progress-bar.module.css";

interface ProgressBarProps {
  label: ReactNode;
  value: number;
  max: number;
  /** Text shown on the right, e.g. "1 250 / 2 000 kcal". */
  valueText: string;
  /** Any CSS colour, usually a token like var(--color-protein). */
  color?: string;
}

/** A labelled horizontal bar; past the maximum it stays full and is marked as over. */
export function ProgressBar({ label, value, max, valueText, color }: ProgressBarProps) {
  const ratio = max > 0 ? value / max : 0;
  const over = ratio > 1;
  const percent = Math.max(0, Math.min(100, ratio * 100));
  return (
    <div
      className={`${styles.root} ${over ? styles.over : ""}`}
      style={{ "--bar-color": color } as CSSProperties}
    >
      <div className={styles.header}>
        <span className={styles.label}>{label}</span>
        <span className={styles.value}>
          {valueText}
          {over && <span> · over</span>}
        </span>
      </div>
      <div
        className={styles.track}
        role="progressbar"
        aria-label={typeof label === "string" ? label : undefined}
        aria-valuemin={0}
        aria-valuemax={Math.max(max, 0)}
        aria-valuenow={Math.min(Math.round(value), Math.max(max, 0))}
        aria-valuetext={valueText}
      >
        <div className={styles.fill} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
