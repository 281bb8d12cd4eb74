"use client";

import { useEffect, useRef, useState } from "react";
import { ApiError } from "@/components/api";
import { plural } from "@/components/format";
import { newId } from "@/components/new-id";
import { isOnline, waitForOnline } from "@/components/online";
import { MAX_PHOTOS_PER_MEAL } from "@/lib/meals/meal-limits";
import { compressImage, type PreparedPhoto } from "./compress-image";
import { type PhotoUpload, UPLOADS_IN_FLIGHT } from "./photo-upload-list";
import { sniffFile } from "./sniff-image";
import { uploadPhoto } from "./upload-photo";

/** Files we cannot shrink in the browser (HEIC) must already fit the server's limit. */
const MAX_RAW_BYTES = 15 * 1024 * 1024;
/** Beyond this even a photo we could shrink is not worth reading into memory on a phone. */
const MAX_PICKED_BYTES = 60 * 1024 * 1024;
const PARALLEL_UPLOADS = 3;

/** Why a picked file cannot be uploaded, or null when it can: checked from its bytes and size. */
export async function refusalOf(file: File): Promise<string | null> {
  const name = file.name || "This file";
  const type = await sniffFile(file).catch(() => null);
  if (!type) return `${name} is not a JPEG, PNG, WebP or HEIC photo.`;
  if (file.size > MAX_PICKED_BYTES || (type === "image/heic" && file.size > MAX_RAW_BYTES)) {
    return `${name} is larger than ${type === "image/heic" ? 15 : 60} MB.`;
  }
  return null;
}

/** Answers that asking again cannot change: a refused file, a full meal. */
const isRefusal = (error: ApiError) =>
  [400, 413, 415, 422].includes(error.status) || error.reason === "photo_limit";

export const toApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, "unknown", "Something went wrong. Try again.");

/** The meal to upload into, created on first call; null when it could not be created. */
type MealFor = () => Promise<string | null>;

export const isAbort = (error: unknown) => error instanceof DOMException && error.name === "AbortError";

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
  const [problems, setProblems] = useState<string[]>([]);
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

  /** Adds the files that are real photos of a fitting size (up to the meal's limit); returns how many. */
  async function addFiles(files: File[]): Promise<number> {
    const checked = await Promise.all(files.map(async (file) => ({ file, refusal: await refusalOf(file) })));
    const accepted: PhotoUpload[] = [];
    const problems: string[] = [];
    const room = MAX_PHOTOS_PER_MEAL - uploads.length;
    for (const { file, refusal } of checked) {
      if (refusal) problems.push(refusal);
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
          bytes: file.size,
          error: null,
          photo: null,
        });
      }
    }
    if (accepted.length > 0) setUploads((list) => [...list, ...accepted]);
    const added = `${plural(accepted.length, "photo")} added, ${uploads.length + accepted.length} of ${MAX_PHOTOS_PER_MEAL}.`;
    setNotice(problems.length > 0 ? [...(accepted.length > 0 ? [added] : []), ...problems].join(" ") : added);
    setProblems(problems);
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

  /** The stored photos' previews, for the meal page: no longer revoked when this form goes. */
  function handOverPreviews() {
    const stored = uploads.filter((upload) => upload.photo !== null);
    for (const upload of stored) previewUrls.current.delete(upload.previewUrl);
    return stored;
  }

  /** Cancel pressed: nothing new starts, uploads sending bytes are aborted; the photos stay chosen. */
  function stopUploads() {
    stopRequested.current = true;
    setStopped(true);
    for (const controller of uploadAborts.current.values()) controller.abort();
    setUploads((list) =>
      list.map((upload) => (upload.state === "queued" ? { ...upload, state: "stopped" } : upload)),
    );
  }

  /** Resume after a stop: the stopped photos are ready to be sent again (with the same ids). */
  function resumeUploads() {
    stopRequested.current = false;
    setStopped(false);
    setUploads((list) =>
      list.map((upload) =>
        upload.state === "stopped" ? { ...upload, state: "ready", progress: 0 } : upload,
      ),
    );
  }

  async function uploadOne(mealFor: MealFor, upload: PhotoUpload): Promise<boolean> {
    const abort = new AbortController();
    try {
      if (stopRequested.current) return false;
      let photo = prepared.current.get(upload.id);
      if (!photo) {
        patch(upload.id, { state: "preparing", error: null, progress: 0 });
        photo = await compressImage(upload.file);
        prepared.current.set(upload.id, photo);
      }
      // The meal is created just before its first photo goes out: a pick that never sends a byte
      // leaves no meal behind.
      const mealId = stopRequested.current ? null : await mealFor();
      if (stopRequested.current || !mealId) {
        patch(upload.id, { state: stopRequested.current ? "stopped" : "ready" });
        return false;
      }
      uploadAborts.current.set(upload.id, abort);
      patch(upload.id, { state: "uploading", error: null, progress: 0, bytes: photo.blob.size });
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
      // The connection dropped: wait for it and send the same photo again with the same id (the
      // server stores it once), unless Cancel came meanwhile.
      if (apiError?.isNetworkError && !isOnline() && !stopRequested.current) {
        patch(upload.id, { state: "queued", progress: 0, error: null });
        await waitForOnline();
        return uploadOne(mealFor, upload);
      }
      // The server refuses uploads into a meal the user cancelled: the photo was stopped, not lost.
      const overtaken = apiError?.reason === "meal_cancelled";
      if (!apiError || overtaken) patch(upload.id, { state: "stopped", error: null });
      else patch(upload.id, { state: isRefusal(apiError) ? "refused" : "failed", error: apiError.message });
      return false;
    } finally {
      uploadAborts.current.delete(upload.id);
    }
  }

  /**
   * Sends every photo not uploaded yet into the meal `mealFor` gives (asked once a photo is ready to
   * go); resolves with how many made it and not.
   */
  async function uploadAll(mealFor: MealFor): Promise<{ stored: number; notStored: number }> {
    const toSend = uploads.filter((upload) => upload.state !== "uploaded" && upload.state !== "refused");
    const sending = new Set(toSend.map((upload) => upload.id));
    setUploads((list) =>
      list.map((upload) => (sending.has(upload.id) ? { ...upload, state: "queued", error: null } : upload)),
    );
    let notStored = 0;
    await runPool(toSend, PARALLEL_UPLOADS, async (upload) => {
      if (!(await uploadOne(mealFor, upload))) notStored += 1;
    });
    const stored = uploads.filter((upload) => upload.state === "uploaded").length + toSend.length - notStored;
    return { stored, notStored };
  }

  const inFlight = uploads.filter((upload) => UPLOADS_IN_FLIGHT.has(upload.state));
  return {
    uploads,
    notice,
    /** Why the last picked files were refused, one message per file. */
    problems,
    /** Cancel was pressed: the uploads stopped for good. */
    stopped,
    /** Read after an await: whether Cancel was pressed meanwhile (state lags a render behind). */
    stopRequested: () => stopRequested.current,
    uploadedCount: uploads.filter((upload) => upload.state === "uploaded").length,
    /** Uploads that failed in a way that another try may fix. */
    failedCount: uploads.filter((upload) => upload.state === "failed").length,
    refusedCount: uploads.filter((upload) => upload.state === "refused").length,
    stoppedCount: uploads.filter((upload) => upload.state === "stopped").length,
    inFlightCount: inFlight.length,
    /** The stored photos as the cancel controller needs them. */
    storedPhotos: uploads.flatMap((upload) => (upload.photo ? [upload.photo] : [])),
    /** Uploads in flight whose photo the server does not hold (by clientUploadId). */
    countNotStored: (storedUploadIds: ReadonlySet<string | null>) =>
      inFlight.filter((upload) => !storedUploadIds.has(upload.id)).length,
    addFiles,
    removeUpload,
    stopUploads,
    resumeUploads,
    handOverPreviews,
    uploadAll,
  };
}
