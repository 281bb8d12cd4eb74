import type { ReactNode } from "react";
import styles from "./alert.module.css";

interface AlertProps {
  tone?: "error" | "info" | "warning";
  title?: string;
  children?: ReactNode;
  actions?: ReactNode;
}

/** A message box. Errors are announced at once (role=alert); others politely (role=status). */
export function Alert({ tone = "error", title, children, actions }: AlertProps) {
  return (
    <div className={`${styles.alert} ${styles[tone]}`} role={tone === "error" ? "alert" : "status"}>
      {title && <p className={styles.title}>{title}</p>}
      {children && <div>{children}</div>}
      {actions && <div className={styles.actions}>{actions}</div>}
    </div>
  );
}
