"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError, api } from "@/components/api";
import { isIsoDate, localDate, type MealTypeName, mealTypeForTime, plural } from "@/components/format";
import { newId } from "@/components/new-id";
import type { MealDetail } from "@/components/queries";
import { diaryKey } from "@/components/query-keys";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useHydrated } from "@/components/use-hydrated";
import type { PresentedMeal } from "@/lib/meals/present";
import { beginAddMealFlow } from "./add-meal-flow";
import { compressImage, type PreparedPhoto } from "./compress-image";
import { MealTypePicker } from "./meal-type-picker";
import styles from "./new-meal-form.module.css";
import { ACCEPTED_TYPES, PhotoPicker } from "./photo-picker";
import { type PhotoUpload, PhotoUploadList, UPLOADS_IN_FLIGHT } from "./photo-upload-list";
import { uploadPhoto } from "./upload-photo";
import { useCancelRecognition } from "./use-cancel-recognition";

export const MAX_PHOTOS = 10;
/** Files we cannot shrink in the browser (HEIC) must already fit the server's limit. */
const MAX_RAW_BYTES = 15 * 1024 * 1024;
const PARALLEL_UPLOADS = 3;

type Phase = "idle" | "creating" | "uploading" | "partial" | "leaving";

function isAcceptedImage(file: File): boolean {
  if (ACCEPTED_TYPES.includes(file.type)) return true;
  // Some browsers report no type for HEIC files.
  return file.type === "" && /\.(heic|heif)$/i.test(file.name);
}

const toApiError = (error: unknown) =>
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

interface NewMealFormProps {
  /** From the URL (?date=, ?type=); otherwise today and a type by the local time of day. */
  initialDate: string | null;
  initialType: MealTypeName | null;
}

/**
 * Creates a meal and uploads its photos with progress, then hands over to the meal's recognition
 * page. Cancel stops the uploads in the browser and asks the server to cancel what it holds.
 */
export function NewMealForm({ initialDate, initialType }: NewMealFormProps) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [mealType, setMealType] = useState<MealTypeName>(initialType ?? "lunch");
  const [date, setDate] = useState(initialDate ?? "");
  const [uploads, setUploads] = useState<PhotoUpload[]>([]);
  const [phase, setPhase] = useState<Phase>("idle");
  const [meal, setMeal] = useState<PresentedMeal | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ date?: string; photos?: string }>({});
  const [notice, setNotice] = useState<string | null>(null);
  const hydrated = useHydrated();

  // Reused when the user retries after a network failure, so the server never creates a second meal.
  const clientRequestId = useRef<string | null>(null);
  const prepared = useRef(new Map<string, PreparedPhoto>());
  const previewUrls = useRef(new Set<string>());
  const uploadAborts = useRef(new Map<string, AbortController>());
  const cancelRequested = useRef(false); // read by the upload lanes, which outlive a render
  const [stopped, setStopped] = useState(false);

  const recognition = useCancelRecognition({
    mealId: meal?.id ?? null,
    snapshot: {
      uploadsInFlight: uploads.filter((upload) => UPLOADS_IN_FLIGHT.has(upload.state)).length,
      photos: uploads.flatMap((upload) => (upload.photo ? [upload.photo] : [])),
    },
    onCancelStart: stopUploads,
    countStoppedUploads: (detail: MealDetail) => {
      const stored = new Set(detail.photos.map((photo) => photo.clientUploadId));
      return uploads.filter((upload) => UPLOADS_IN_FLIGHT.has(upload.state) && !stored.has(upload.id)).length;
    },
  });

  // Defaults that depend on the user's clock are set in the browser, after hydration.
  useEffect(() => {
    if (!initialDate) setDate(localDate());
    if (!initialType) setMealType(mealTypeForTime(new Date()));
  }, [initialDate, initialType]);

  useEffect(() => {
    const urls = previewUrls.current;
    return () => {
      for (const url of urls) URL.revokeObjectURL(url);
    };
  }, []);

  const working = phase === "creating" || phase === "uploading" || phase === "leaving";

  const patch = (id: string, change: Partial<PhotoUpload>) =>
    setUploads((list) => list.map((upload) => (upload.id === id ? { ...upload, ...change } : upload)));

  function addFiles(files: File[]) {
    const accepted: PhotoUpload[] = [];
    const problems: string[] = [];
    const room = MAX_PHOTOS - uploads.length;
    for (const file of files) {
      if (!isAcceptedImage(file)) problems.push(`${file.name} is not a JPEG, PNG, WebP or HEIC image.`);
      else if (file.size > MAX_RAW_BYTES && !["image/jpeg", "image/png", "image/webp"].includes(file.type))
        problems.push(`${file.name} is larger than 15 MB.`);
      else if (accepted.length >= room) {
        problems.push(`Only ${MAX_PHOTOS} photos fit in one meal; the rest were left out.`);
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
    if (accepted.length > 0) {
      setUploads((list) => [...list, ...accepted]);
      setFieldErrors((errors) => ({ ...errors, photos: undefined }));
    }
    setNotice(
      problems.length > 0
        ? problems.join(" ")
        : `${plural(accepted.length, "photo")} added, ${uploads.length + accepted.length} of ${MAX_PHOTOS}.`,
    );
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
    cancelRequested.current = true;
    setStopped(true);
    for (const controller of uploadAborts.current.values()) controller.abort();
    setUploads((list) =>
      list.map((upload) => (upload.state === "queued" ? { ...upload, state: "cancelled" } : upload)),
    );
  }

  async function createMealOnce(): Promise<PresentedMeal | null> {
    if (meal) return meal;
    clientRequestId.current ??= newId();
    try {
      const { meal: created } = await api<{ meal: PresentedMeal }>("/api/meals", {
        method: "POST",
        body: { clientRequestId: clientRequestId.current, mealType, date },
      });
      beginAddMealFlow(created.id);
      setMeal(created);
      return created;
    } catch (error) {
      const apiError = toApiError(error);
      // A definite refusal created nothing: the next attempt may use a new id (and new fields).
      if (apiError.status >= 400 && apiError.status < 500) clientRequestId.current = null;
      const dateError = apiError.fields.find((field) => field.path === "date");
      if (dateError) setFieldErrors((errors) => ({ ...errors, date: `Date ${dateError.message}` }));
      setFormError(
        apiError.isNetworkError
          ? "Could not reach Mealsnap to create the meal. Check your connection and press the button again."
          : apiError.message,
      );
      return null;
    }
  }

  async function uploadOne(mealId: string, upload: PhotoUpload): Promise<boolean> {
    const abort = new AbortController();
    try {
      if (cancelRequested.current) return false;
      let photo = prepared.current.get(upload.id);
      if (!photo) {
        patch(upload.id, { state: "preparing", error: null, progress: 0 });
        photo = await compressImage(upload.file);
        prepared.current.set(upload.id, photo);
      }
      if (cancelRequested.current) {
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

  function openMeal(mealId: string) {
    recognition.handOver();
    setPhase("leaving");
    router.replace(`/meals/${mealId}`);
  }

  async function onCancel() {
    const outcome = await recognition.cancel();
    if (outcome && meal) openMeal(meal.id);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (working || stopped) return;
    setFormError(null);
    const errors: typeof fieldErrors = {};
    if (!isIsoDate(date)) errors.date = "Choose the day you ate this meal.";
    if (uploads.length === 0) errors.photos = "Choose at least one photo of the meal.";
    setFieldErrors(errors);
    if (errors.date || errors.photos) {
      const target = errors.date ? 'input[type="date"]' : 'input[type="file"]';
      event.currentTarget.querySelector<HTMLInputElement>(target)?.focus();
      return;
    }

    setPhase("creating");
    const target = await createMealOnce();
    if (!target) {
      setPhase("idle");
      return;
    }

    setPhase("uploading");
    const toSend = uploads.filter((upload) => upload.state !== "uploaded");
    const sending = new Set(toSend.map((upload) => upload.id));
    setUploads((list) =>
      list.map((upload) => (sending.has(upload.id) ? { ...upload, state: "queued", error: null } : upload)),
    );
    let failed = 0;
    await runPool(toSend, PARALLEL_UPLOADS, async (upload) => {
      if (!(await uploadOne(target.id, upload))) failed += 1;
    });
    void queryClient.invalidateQueries({ queryKey: diaryKey(target.date) });

    if (cancelRequested.current) return; // onCancel moves on once the server has answered
    if (failed === 0) openMeal(target.id);
    else setPhase("partial");
  }

  const uploadedCount = uploads.filter((upload) => upload.state === "uploaded").length;
  const failedCount = uploads.filter((upload) => upload.state === "failed").length;
  const status = recognition.cancelling
    ? "Cancelling…"
    : phase === "creating"
      ? "Creating the meal…"
      : phase === "uploading"
        ? `Uploading photos: ${uploadedCount} of ${uploads.length} done.`
        : phase === "leaving"
          ? "Opening the meal…"
          : (notice ?? "");

  return (
    <form className={styles.form} onSubmit={onSubmit} method="post" noValidate>
      {formError && <Alert title="The meal could not be saved">{formError}</Alert>}
      {phase === "partial" && !stopped && (
        <Alert
          tone="warning"
          title={`${plural(failedCount, "photo")} could not be uploaded`}
          actions={
            <>
              <Button type="submit" variant="secondary">
                Retry failed uploads
              </Button>
              {uploadedCount > 0 && meal && (
                <Button variant="ghost" onClick={() => openMeal(meal.id)}>
                  Continue without them
                </Button>
              )}
            </>
          }
        >
          The other photos are saved. You can retry, remove the failed ones, or go on.
        </Alert>
      )}

      <div className={styles.card}>
        <MealTypePicker value={mealType} onChange={setMealType} disabled={meal !== null || working} />
        <TextField
          label="Date"
          type="date"
          name="date"
          value={date}
          required
          disabled={meal !== null || working}
          onChange={(event) => {
            setDate(event.target.value);
            setFieldErrors((errors) => ({ ...errors, date: undefined }));
          }}
          error={fieldErrors.date}
        />
      </div>

      <section className={styles.photos} aria-labelledby="photos-title">
        <h2 id="photos-title" className={styles.sectionTitle}>
          Photos
        </h2>
        <PhotoPicker
          count={uploads.length}
          max={MAX_PHOTOS}
          disabled={working || stopped}
          onAdd={addFiles}
          describedBy={fieldErrors.photos ? "photos-error" : undefined}
        />
        {fieldErrors.photos && (
          <p id="photos-error" className={styles.fieldError}>
            {fieldErrors.photos}
          </p>
        )}
        <PhotoUploadList uploads={uploads} onRemove={working ? undefined : removeUpload} />
      </section>

      <div className={styles.actions}>
        {!stopped && (
          <Button type="submit" busy={working} disabled={!hydrated}>
            {phase === "creating"
              ? "Creating meal…"
              : phase === "uploading"
                ? "Uploading…"
                : phase === "leaving"
                  ? "Opening…"
                  : meal
                    ? "Upload photos"
                    : uploads.length > 0
                      ? `Save meal with ${plural(uploads.length, "photo")}`
                      : "Save meal"}
          </Button>
        )}
        {recognition.canCancel && (
          <Button variant="secondary" onClick={onCancel} busy={recognition.cancelling}>
            {recognition.cancelling ? "Cancelling…" : "Cancel"}
          </Button>
        )}
        <p className={styles.status} aria-live="polite">
          {status}
        </p>
      </div>
    </form>
  );
}
