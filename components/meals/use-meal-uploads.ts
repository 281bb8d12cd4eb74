"use client";

import { useEffect, useRef, useState } from "react";
import { ApiError } from "@/components/api";
import { plural } from "@/components/format";
import { newId } from "@/components/new-id";
import { MAX_PHOTOS_PER_MEAL } from "@/lib/meals/meal-limits";
import { compressImage, type PreparedPhoto } from "./compress-image";
import { ACCEPTED_TYPES } from "./photo-picker";
import { type PhotoUpload, UPLOADS_IN_FLIGHT } from "./photo-upload-list";
import { uploadPhoto } from "./upload-photo";

/** Files we cannot shrink in the browser (HEIC) must already fit the server's limit. */
const MAX_RAW_BYTES = 15 * 1024 * 1024;
const PARALLEL_UPLOADS = 3;

function isAcceptedImage(file: File): boolean {
  if (ACCEPTED_TYPES.includes(file.type)) return true;
  // Some browsers report no type for HEIC files.
  return file.type === "" && /\.(heic|heif)$/i.test(file.name);
}

export const toApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, "unknown", "Something went wrong. Try again.");

const isAbort = (error: unknown) => error instanceof DOMException && error.name === "AbortError";

async function runPool<T>(items: readonly T[], limit: number, worker: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await worker(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * The photos of a meal being added: choosing and removing them (with previews and a notice for
 * screen readers), uploading them three at a time with progress, and stopping everything when
 * Cancel is pressed. Creating the meal and leaving the page are the form's business.
 */
export function useMealUploads() {
  const [uploads, setUploads] = useState<PhotoUpload[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [stopped, setStopped] = useState(false);
  const prepared = useRef(new Map<string, PreparedPhoto>());
  const previewUrls = useRef(new Set<string>());
  const uploadAborts = useRef(new Map<string, AbortController>());
  const stopRequested = useRef(false); // read by the upload lanes, which outlive a render

  useEffect(() => {
    const urls = previewUrls.current;
    return () => {
      for (const url of urls) URL.revokeObjectURL(url);
    };
  }, []);

  const patch = (id: string, change: Partial<PhotoUpload>) =>
    setUploads((list) => list.map((upload) => (upload.id === id ? { ...upload, ...change } : upload)));

  /** Adds the acceptable files (up to the meal's limit); returns how many were added. */
  function addFiles(files: File[]): number {
    const accepted: PhotoUpload[] = [];
    const problems: string[] = [];
    const room = MAX_PHOTOS_PER_MEAL - uploads.length;
    for (const file of files) {
      if (!isAcceptedImage(file)) problems.push(`${file.name} is not a JPEG, PNG, WebP or HEIC image.`);
      else if (file.size > MAX_RAW_BYTES && !["image/jpeg", "image/png", "image/webp"].includes(file.type))
        problems.push(`${file.name} is larger than 15 MB.`);
      else if (accepted.length >= room) {
        problems.push(`Only ${MAX_PHOTOS_PER_MEAL} photos fit in one meal; the rest were left out.`);
        break;
      } else {
        const previewUrl = URL.createObjectURL(file);
        previewUrls.current.add(previewUrl);
        accepted.push({
          id: newId(),
          file,
          previewUrl,
          state: "ready",
          progress: 0,
          error: null,
          photo: null,
        });
      }
    }
    if (accepted.length > 0) setUploads((list) => [...list, ...accepted]);
    setNotice(
      problems.length > 0
        ? problems.join(" ")
        : `${plural(accepted.length, "photo")} added, ${uploads.length + accepted.length} of ${MAX_PHOTOS_PER_MEAL}.`,
    );
    return accepted.length;
  }

  function removeUpload(id: string) {
    const upload = uploads.find((item) => item.id === id);
    if (upload) {
      URL.revokeObjectURL(upload.previewUrl);
      previewUrls.current.delete(upload.previewUrl);
      prepared.current.delete(id);
      setNotice(`Removed ${upload.file.name || "the photo"}.`);
    }
    setUploads((list) => list.filter((item) => item.id !== id));
  }

  /** Cancel pressed: nothing new starts, uploads sending bytes are aborted, waiting ones dropped. */
  function stopUploads() {
    stopRequested.current = true;
    setStopped(true);
    for (const controller of uploadAborts.current.values()) controller.abort();
    setUploads((list) =>
      list.map((upload) => (upload.state === "queued" ? { ...upload, state: "cancelled" } : upload)),
    );
  }

  async function uploadOne(mealId: string, upload: PhotoUpload): Promise<boolean> {
    const abort = new AbortController();
    try {
      if (stopRequested.current) return false;
      let photo = prepared.current.get(upload.id);
      if (!photo) {
        patch(upload.id, { state: "preparing", error: null, progress: 0 });
        photo = await compressImage(upload.file);
        prepared.current.set(upload.id, photo);
      }
      if (stopRequested.current) {
        patch(upload.id, { state: "cancelled" });
        return false;
      }
      uploadAborts.current.set(upload.id, abort);
      patch(upload.id, { state: "uploading", error: null, progress: 0 });
      const stored = await uploadPhoto({
        mealId,
        file: photo.blob,
        fileName: photo.fileName,
        clientUploadId: upload.id,
        onProgress: (progress) => patch(upload.id, { progress }),
        signal: abort.signal,
      });
      patch(upload.id, { state: "uploaded", progress: 1, photo: { id: stored.id, status: stored.status } });
      return true;
    } catch (error) {
      const apiError = isAbort(error) ? null : toApiError(error);
      // The server refuses uploads into a meal the user cancelled: the photo was cancelled, not lost.
      const overtaken = apiError?.reason === "meal_cancelled";
      if (!apiError || overtaken) patch(upload.id, { state: "cancelled", error: null });
      else patch(upload.id, { state: "failed", error: apiError.message });
      return false;
    } finally {
      uploadAborts.current.delete(upload.id);
    }
  }

  /** Sends every photo not uploaded yet into the meal; resolves with how many did not make it. */
  async function uploadAll(mealId: string): Promise<number> {
    const toSend = uploads.filter((upload) => upload.state !== "uploaded");
    const sending = new Set(toSend.map((upload) => upload.id));
    setUploads((list) =>
      list.map((upload) => (sending.has(upload.id) ? { ...upload, state: "queued", error: null } : upload)),
    );
    let failed = 0;
    await runPool(toSend, PARALLEL_UPLOADS, async (upload) => {
      if (!(await uploadOne(mealId, upload))) failed += 1;
    });
    return failed;
  }

  const inFlight = uploads.filter((upload) => UPLOADS_IN_FLIGHT.has(upload.state));
  return {
    uploads,
    notice,
    /** Cancel was pressed: the uploads stopped for good. */
    stopped,
    /** Read after an await: whether Cancel was pressed meanwhile (state lags a render behind). */
    stopRequested: () => stopRequested.current,
    uploadedCount: uploads.filter((upload) => upload.state === "uploaded").length,
    failedCount: uploads.filter((upload) => upload.state === "failed").length,
    inFlightCount: inFlight.length,
    /** The stored photos as the cancel controller needs them. */
    storedPhotos: uploads.flatMap((upload) => (upload.photo ? [upload.photo] : [])),
    /** Uploads in flight whose photo the server does not hold (by clientUploadId). */
    countNotStored: (storedUploadIds: ReadonlySet<string | null>) =>
      inFlight.filter((upload) => !storedUploadIds.has(upload.id)).length,
    addFiles,
    removeUpload,
    stopUploads,
    uploadAll,
  };
}
