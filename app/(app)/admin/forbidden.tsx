import styles from "@/components/app-shell/status-panel.module.css";
import { ButtonLink } from "@/components/ui/button";

/** Rendered with status 403 when a signed-in user who is not an admin opens an admin page. */
export default function Forbidden() {
  return (
    <div className={styles.panel}>
      <p className={styles.code}>403</p>
      <h1 className={styles.title}>Admins only</h1>
      <p className={styles.text}>This page is for Mealsnap administrators. Your account cannot open it.</p>
      <ButtonLink href="/diary">Go to your diary</ButtonLink>
    </div>
  );
}
