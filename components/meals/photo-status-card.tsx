"use client";

import { useState } from "react";
import { formatKcal, plural } from "@/components/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { isInFlight } from "@/db/photo-statuses";
import type { PresentedPhoto } from "@/lib/meals/present";
import { photoSrcSet } from "@/lib/photos/photo-sizes";
import { localPreviewOf } from "./local-previews";
import styles from "./photo-status-card.module.css";

const STATUS: Record<string, { label: string; tone: BadgeTone; pulse?: boolean }> = {
  PENDING: { label: "Queued", tone: "neutral", pulse: true },
  PROCESSING: { label: "Recognising…", tone: "info", pulse: true },
  SUCCESS: { label: "Done", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
  CANCELLED: { label: "Cancelled", tone: "warning" },
};

interface PhotoStatusCardProps {
  photo: PresentedPhoto;
  index: number;
  /** Calories and item count recognised in this photo (SUCCESS only). */
  kcal: number;
  itemCount: number;
  onRetry: (photoId: string) => void;
  retrying: boolean;
}

/** One photo of a meal with its recognition status; a failed or cancelled photo offers Retry. */
export function PhotoStatusCard({ photo, index, kcal, itemCount, onRetry, retrying }: PhotoStatusCardProps) {
  const status = STATUS[photo.status] ?? { label: photo.status, tone: "neutral" as const };
  const working = isInFlight(photo.status);
  const stopped = photo.status === "FAILED" || photo.status === "CANCELLED";
  const shot = `Shot ${index + 1} of the meal`;
  // The preview the browser already has, when it came from this visit (and renders: not HEIC).
  const [local, setLocal] = useState(() => localPreviewOf(photo.id));
  return (
    <li
      className={[styles.card, working && styles.working, stopped && styles.dimmed].filter(Boolean).join(" ")}
    >
      <div className={styles.media}>
        {/* biome-ignore lint/performance/noImgElement: owner-checked API image, not a static asset */}
        <img
          className={styles.image}
          src={local ?? photo.url}
          srcSet={local ? undefined : photoSrcSet(photo.url)}
          sizes="(max-width: 400px) 50vw, 14rem"
          alt={shot}
          data-photo-id={photo.id}
          onError={local ? () => setLocal(undefined) : undefined}
          width={photo.width ?? undefined}
          height={photo.height ?? undefined}
          decoding="async"
        />
      </div>
      <div className={styles.body}>
        <div className={styles.row}>
          <Badge tone={status.tone} pulse={status.pulse}>
            {status.label}
          </Badge>
          {photo.status === "SUCCESS" && <span className={styles.kcal}>{formatKcal(kcal)}</span>}
        </div>
        {photo.status === "SUCCESS" && (
          <p className={styles.detail}>{itemCount > 0 ? plural(itemCount, "item") : "No food found"}</p>
        )}
        {photo.status === "FAILED" && (
          <p className={styles.error}>{photo.error?.message || "Recognition failed for this photo."}</p>
        )}
        {photo.status === "CANCELLED" && <p className={styles.detail}>Stopped before it was recognised.</p>}
        {photo.attempt > 1 && <p className={styles.detail}>Attempt {photo.attempt}</p>}
        {stopped && (
          <Button
            variant="secondary"
            size="small"
            className={styles.retry}
            onClick={() => onRetry(photo.id)}
            busy={retrying}
          >
            Retry<span className="visually-hidden"> shot {index + 1}</span>
          </Button>
        )}
      </div>
    </li>
  );
}
