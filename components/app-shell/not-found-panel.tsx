import { ButtonLink } from "@/components/ui/button";
import styles from "./status-panel.module.css";

/** "Page not found", shown inside the app shell or on its own. */
export function NotFoundPanel() {
  return (
    <div className={styles.panel}>
      <p className={styles.code}>404</p>
      <h1 className={styles.title}>Page not found</h1>
      <p className={styles.text}>This page does not exist, or it is not yours to see.</p>
      <ButtonLink href="/diary">Go to your diary</ButtonLink>
    </div>
  );
}
