"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api } from "@/components/api";
import { isIsoDate, localDate, type MealTypeName, mealTypeForTime, plural } from "@/components/format";
import { newId } from "@/components/new-id";
import type { MealDetail } from "@/components/queries";
import { diaryKey } from "@/components/query-keys";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useHydrated } from "@/components/use-hydrated";
import { MAX_PHOTOS_PER_MEAL } from "@/lib/meals/meal-limits";
import type { PresentedMeal } from "@/lib/meals/present";
import { beginAddMealFlow } from "./add-meal-flow";
import { MealTypePicker } from "./meal-type-picker";
import styles from "./new-meal-form.module.css";
import { PhotoPicker } from "./photo-picker";
import { PhotoUploadList } from "./photo-upload-list";
import { useCancelRecognition } from "./use-cancel-recognition";
import { toApiError, useMealUploads } from "./use-meal-uploads";

type Phase = "idle" | "creating" | "uploading" | "partial" | "leaving";

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
  const [phase, setPhase] = useState<Phase>("idle");
  const [meal, setMeal] = useState<PresentedMeal | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ date?: string; photos?: string }>({});
  const hydrated = useHydrated();

  // Reused when the user retries after a network failure, so the server never creates a second meal.
  const clientRequestId = useRef<string | null>(null);
  const photos = useMealUploads();
  const { uploads, stopped } = photos;

  const recognition = useCancelRecognition({
    mealId: meal?.id ?? null,
    snapshot: { uploadsInFlight: photos.inFlightCount, photos: photos.storedPhotos },
    onCancelStart: photos.stopUploads,
    countStoppedUploads: (detail: MealDetail) =>
      photos.countNotStored(new Set(detail.photos.map((photo) => photo.clientUploadId))),
  });

  // Defaults that depend on the user's clock are set in the browser, after hydration.
  useEffect(() => {
    if (!initialDate) setDate(localDate());
    if (!initialType) setMealType(mealTypeForTime(new Date()));
  }, [initialDate, initialType]);

  const working = phase === "creating" || phase === "uploading" || phase === "leaving";

  function addFiles(files: File[]) {
    if (photos.addFiles(files) > 0) setFieldErrors((errors) => ({ ...errors, photos: undefined }));
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
    const failed = await photos.uploadAll(target.id);
    void queryClient.invalidateQueries({ queryKey: diaryKey(target.date) });

    if (photos.stopRequested()) return; // onCancel moves on once the server has answered
    if (failed === 0) openMeal(target.id);
    else setPhase("partial");
  }

  const { uploadedCount, failedCount } = photos;
  const status = recognition.cancelling
    ? "Cancelling…"
    : phase === "creating"
      ? "Creating the meal…"
      : phase === "uploading"
        ? `Uploading photos: ${uploadedCount} of ${uploads.length} done.`
        : phase === "leaving"
          ? "Opening the meal…"
          : (photos.notice ?? "");

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
          max={MAX_PHOTOS_PER_MEAL}
          disabled={working || stopped}
          onAdd={addFiles}
          describedBy={fieldErrors.photos ? "photos-error" : undefined}
        />
        {fieldErrors.photos && (
          <p id="photos-error" className={styles.fieldError}>
            {fieldErrors.photos}
          </p>
        )}
        <PhotoUploadList uploads={uploads} onRemove={working ? undefined : photos.removeUpload} />
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
