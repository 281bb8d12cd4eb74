"use client";

import { useState } from "react";
import { formatBytes } from "@/components/format";
import styles from "./photo-upload-list.module.css";

/**
 * ready: chosen, not sent · queued: waiting for an upload lane · preparing: being compressed ·
 * uploading: bytes going out · uploaded: stored, recognition queued · failed: the upload failed
 * and may be retried · refused: the server refused the file, another try cannot help · stopped:
 * not stored because the user pressed Cancel (or a cancel of the meal overtook it); it can resume.
 */
export type UploadState =
  | "ready"
  | "queued"
  | "preparing"
  | "uploading"
  | "uploaded"
  | "failed"
  | "refused"
  | "stopped";

export const UPLOADS_IN_FLIGHT: ReadonlySet<UploadState> = new Set(["queued", "preparing", "uploading"]);

export interface PhotoUpload {
  /** Also the clientUploadId sent to the server. */
  id: string;
  file: File;
  previewUrl: string;
  state: UploadState;
  /** 0..1 while uploading. */
  progress: number;
  /** Bytes to send: the picked file's size, then the compressed photo's once it is ready. */
  bytes: number;
  error: string | null;
  /** The stored photo, once uploaded: its id and last known status. */
  photo: { id: string; status: string } | null;
}

const REMOVABLE: ReadonlySet<UploadState> = new Set(["ready", "failed", "refused", "stopped"]);

/** The chosen photos with a preview, and per photo: remove, upload progress, done or the error. */
export function PhotoUploadList({
  uploads,
  onRemove,
}: {
  uploads: PhotoUpload[];
  onRemove?: (id: string) => void;
}) {
  if (uploads.length === 0) return null;
  return (
    <ul className={styles.list} aria-label="Chosen photos">
      {uploads.map((upload, index) => (
        <UploadRow key={upload.id} upload={upload} index={index} onRemove={onRemove} />
      ))}
    </ul>
  );
}

function UploadRow({
  upload,
  index,
  onRemove,
}: {
  upload: PhotoUpload;
  index: number;
  onRemove?: (id: string) => void;
}) {
  const [previewFailed, setPreviewFailed] = useState(false);
  const percent = Math.round(upload.progress * 100);
  const name = upload.file.name || `Photo ${index + 1}`;
  const removable = onRemove && REMOVABLE.has(upload.state);

  return (
    <li className={styles.row}>
      {previewFailed ? (
        // HEIC previews do not render in most browsers: show the format instead.
        <span className={`${styles.thumb} ${styles.placeholder}`} aria-hidden="true">
          {(upload.file.type.split("/")[1] ?? "IMG").toUpperCase()}
        </span>
      ) : (
        // biome-ignore lint/performance/noImgElement: a local object URL preview
        <img className={styles.thumb} src={upload.previewUrl} alt="" onError={() => setPreviewFailed(true)} />
      )}
      <div className={styles.body}>
        <span className={styles.name} title={name}>
          {name}
        </span>
        {upload.state === "ready" && <span className={styles.meta}>{formatBytes(upload.file.size)}</span>}
        {upload.state === "queued" && <span className={styles.meta}>Waiting to upload…</span>}
        {upload.state === "preparing" && <span className={styles.meta}>Compressing…</span>}
        {upload.state === "uploading" && (
          <>
            <span className={styles.meta}>Uploading… {percent}%</span>
            <div
              className={styles.track}
              role="progressbar"
              aria-label={`Upload of ${name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
            >
              <div className={styles.fill} style={{ width: `${percent}%` }} />
            </div>
          </>
        )}
        {upload.state === "uploaded" && (
          <span className={styles.done}>Uploaded · queued for recognition</span>
        )}
        {upload.state === "stopped" && <span className={styles.cancelled}>Upload stopped</span>}
        {(upload.state === "failed" || upload.state === "refused") && (
          <span className={styles.error}>{upload.error}</span>
        )}
      </div>
      {removable ? (
        <button
          type="button"
          className={styles.remove}
          onClick={() => onRemove(upload.id)}
          aria-label={`Remove ${name}`}
        >
          <span aria-hidden="true">✕</span>
        </button>
      ) : (
        <span />
      )}
    </li>
  );
}
