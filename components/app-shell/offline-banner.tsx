"use client";

import { useOnline } from "@/components/online";
import styles from "./offline-banner.module.css";

/** Says so while the browser is offline: what waits (uploads, a Cancel) is sent on reconnect. */
export function OfflineBanner() {
  const online = useOnline();
  return (
    <div role="status" className={online ? undefined : styles.banner}>
      {!online &&
        "You are offline. Uploads and a Cancel you press wait here and are sent when the connection returns."}
    </div>
  );
}
