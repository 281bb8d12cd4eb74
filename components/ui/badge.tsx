import type { ReactNode } from "react";
import styles from "./badge.module.css";

export type BadgeTone = "neutral" | "info" | "success" | "danger" | "warning";

/** A small status pill; `pulse` adds a blinking dot for work in progress. */
export function Badge({
  tone = "neutral",
  pulse = false,
  children,
}: {
  tone?: BadgeTone;
  pulse?: boolean;
  children: ReactNode;
}) {
  return (
    <span className={`${styles.badge} ${styles[tone]}`}>
      {pulse && <span className={styles.pulse} aria-hidden="true" />}
      {children}
    </span>
  );
}
