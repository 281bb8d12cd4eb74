"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { UNAVAILABLE_RETRY_SECONDS } from "@/lib/http/unavailable";
import styles from "./status-panel.module.css";

/**
 * "Temporarily unavailable" while the database is unreachable. The page tries again by itself
 * (as often as the API's Retry-After says) and shows itself again once the database is back.
 */
export function UnavailablePanel({ retry }: { retry: () => void }) {
  useEffect(() => {
    const timer = setInterval(retry, UNAVAILABLE_RETRY_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [retry]);
  return (
    <div className={styles.panel} role="status">
      <p className={styles.code}>503</p>
      <h1 className={styles.title}>Mealsnap is temporarily unavailable</h1>
      <p className={styles.text}>
        We can’t reach our database right now. Nothing you saved is lost: this page tries again every few
        seconds and comes back by itself.
      </p>
      <Button variant="secondary" onClick={retry}>
        Try again now
      </Button>
    </div>
  );
}
