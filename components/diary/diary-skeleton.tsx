import { Skeleton } from "@/components/ui/skeleton";
import styles from "./diary-view.module.css";

/** Placeholder shapes of the day totals and two meals while the diary loads. */
export function DiarySkeleton() {
  return (
    <div className={styles.groups} role="status" aria-label="Loading the diary">
      <div className={styles.skeletonCard}>
        <Skeleton width="45%" height="2rem" />
        <Skeleton height="0.75rem" />
        <div className={styles.skeletonRow}>
          <Skeleton height="0.75rem" />
          <Skeleton height="0.75rem" />
          <Skeleton height="0.75rem" />
        </div>
      </div>
      {[0, 1].map((key) => (
        <div key={key} className={styles.skeletonCard}>
          <Skeleton width="30%" height="1.25rem" />
          <div className={styles.skeletonRow}>
            <Skeleton width="5.5rem" height="5.5rem" />
            <Skeleton width="5.5rem" height="5.5rem" />
          </div>
          <Skeleton width="80%" />
          <Skeleton width="60%" />
        </div>
      ))}
      <span className="visually-hidden">Loading…</span>
    </div>
  );
}
