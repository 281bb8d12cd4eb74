"use client";

import { type ChangeEvent, type DragEvent, useState } from "react";
import { CameraIcon, ImagesIcon } from "@/components/ui/icons";
import styles from "./photo-picker.module.css";

export const ACCEPTED_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"];

interface PhotoPickerProps {
  /** Photos already chosen, to say how many more fit. */
  count: number;
  max: number;
  disabled?: boolean;
  onAdd: (files: File[]) => void;
  describedBy?: string;
}

/**
 * A large drop zone / file input for choosing meal photos (click, keyboard or drag and drop), and
 * on touch devices a "Take photo" input that opens the rear camera.
 */
export function PhotoPicker({ count, max, disabled = false, onAdd, describedBy }: PhotoPickerProps) {
  const [dragging, setDragging] = useState(false);
  const full = count >= max;
  const off = disabled || full;

  function onChange(event: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.target.files ?? []);
    event.target.value = ""; // choosing the same file again still fires change
    if (files.length > 0) onAdd(files);
  }

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    if (off) return;
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onAdd(files);
  }

  return (
    <div className={styles.picker}>
      <label
        className={[styles.drop, dragging && styles.dragging, off && styles.disabled]
          .filter(Boolean)
          .join(" ")}
        onDragOver={(event) => {
          event.preventDefault();
          if (!off) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span className={styles.icon}>
          <ImagesIcon />
        </span>
        <span className={styles.title}>{count === 0 ? "Choose photos" : "Add more photos"}</span>
        <span className={styles.hint}>
          {full
            ? `That's the maximum of ${max} photos.`
            : `JPEG, PNG, WebP or HEIC · ${count} of ${max} chosen · or drop them here`}
        </span>
        <input
          className={styles.input}
          type="file"
          accept={ACCEPTED_TYPES.join(",")}
          multiple
          disabled={off}
          onChange={onChange}
          aria-describedby={describedBy}
        />
      </label>
      <label className={[styles.camera, off && styles.disabled].filter(Boolean).join(" ")}>
        <CameraIcon size={22} />
        Take photo
        <input
          className={styles.input}
          type="file"
          accept="image/*"
          capture="environment"
          disabled={off}
          onChange={onChange}
        />
      </label>
    </div>
  );
}
