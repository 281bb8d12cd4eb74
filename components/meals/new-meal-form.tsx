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
import { useLeaveGuard } from "./leave-guard";
import { rememberLocalPreviews } from "./local-previews";
import { MealTypePicker } from "./meal-type-picker";
import styles from "./new-meal-form.module.css";
import { PhotoPicker } from "./photo-picker";
import { PhotoUploadList } from "./photo-upload-list";
import { bytesProgress, describeUploadProgress } from "./upload-progress";
import { useCancelRecognition } from "./use-cancel-recognition";
import { isAbort, toApiError, useMealUploads } from "./use-meal-uploads";

/** partial: some uploads failed · stopped: Cancel during upload, photos kept on the form. */
type Phase = "idle" | "uploading" | "partial" | "stopped" | "leaving";

interface NewMealFormProps {
  /** From the URL (?date=, ?type=); otherwise today and a type by the local time of day. */
  initialDate: string | null;
  initialType: MealTypeName | null;
}

/**
 * Uploads the photos with progress into a meal created just before the first of them is sent,
 * then hands over to the meal's recognition page. Cancel stops the uploads in the browser and asks the server to cancel what it holds; the
 * photos not stored stay on the form to resume or remove. Leaving with work in flight asks first.
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
  const creatingMeal = useRef<AbortController | null>(null);
  const photos = useMealUploads();
  const { uploads, stopped } = photos;
  const statusRef = useRef<HTMLParagraphElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const uploadStartedAt = useRef(0);
  const [resumeRequested, setResumeRequested] = useState(false);
  // The upload lanes outlive the page when the user leaves and keeps recognising: they must not
  // navigate from a page that is gone.
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const recognition = useCancelRecognition({
    mealId: meal?.id ?? null,
    // After a stop the meal was cancelled as a whole: nothing of it is in flight any more.
    snapshot: { uploadsInFlight: photos.inFlightCount, photos: stopped ? [] : photos.storedPhotos },
    onCancelStart: photos.stopUploads,
    countStoppedUploads: (detail: MealDetail) =>
      photos.countNotStored(new Set(detail.photos.map((photo) => photo.clientUploadId))),
  });

  // Defaults that depend on the user's clock are set in the browser, after hydration.
  useEffect(() => {
    if (!initialDate) setDate(localDate());
    if (!initialType) setMealType(mealTypeForTime(new Date()));
  }, [initialDate, initialType]);

  const working = phase === "uploading" || phase === "leaving";

  async function addFiles(files: File[]) {
    if ((await photos.addFiles(files)) > 0) setFieldErrors((errors) => ({ ...errors, photos: undefined }));
  }

  async function createMealOnce(): Promise<PresentedMeal | null> {
    if (meal) return meal;
    clientRequestId.current ??= newId();
    const abort = new AbortController();
    creatingMeal.current = abort;
    try {
      const { meal: created } = await api<{ meal: PresentedMeal }>("/api/meals", {
        method: "POST",
        body: { clientRequestId: clientRequestId.current, mealType, date },
        signal: abort.signal,
      });
      beginAddMealFlow(created.id);
      setMeal(created);
      return created;
    } catch (error) {
      if (isAbort(error)) return null; // Cancel came first
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
    } finally {
      creatingMeal.current = null;
    }
  }

  function openMeal(mealId: string) {
    if (!mounted.current) return;
    rememberLocalPreviews(photos.handOverPreviews());
    setPhase("leaving");
    router.replace(`/meals/${mealId}`);
  }

  async function onCancel(): Promise<boolean> {
    if (!meal) {
      // No meal yet, so nothing reached the server: stopping is the browser's own business. A
      // create already on its way is abandoned; if the server took it, the meal stays empty, out
      // of the diary, and the backend removes it (DESIGN §3).
      creatingMeal.current?.abort();
      photos.stopUploads();
      setPhase("stopped");
      requestAnimationFrame(() => statusRef.current?.focus());
      return true;
    }
    const outcome = await recognition.cancel();
    if (!outcome || !meal) return false;
    if (outcome.stoppedUploads === 0) {
      openMeal(meal.id);
      return true;
    }
    // Photos that never reached the server stay here: Resume or Remove.
    setPhase("stopped");
    requestAnimationFrame(() => statusRef.current?.focus());
    return true;
  }

  /**
   * Resume after Cancel: the stopped meal takes no more photos (the server refuses uploads into a
   * meal cancelled as a whole), so the photos it does not hold go into a new meal. Those it holds
   * stay with it, under Stopped in the diary, where Retry brings them back.
   */
  function onResume() {
    photos.resumeUploads();
    for (const upload of uploads) if (upload.state === "uploaded") photos.removeUpload(upload.id);
    setMeal(null);
    clientRequestId.current = null;
    setPhase("idle");
    setResumeRequested(true);
  }
  useEffect(() => {
    if (!resumeRequested) return;
    setResumeRequested(false);
    formRef.current?.requestSubmit();
  }, [resumeRequested]);

  const leaveGuard = useLeaveGuard({
    active: meal !== null && recognition.canCancel && !recognition.cancelling,
    onStop: onCancel,
  });

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

    setPhase("uploading");
    uploadStartedAt.current = Date.now();
    const creation: { meal?: Promise<PresentedMeal | null> } = {};
    const { stored, notStored } = await photos.uploadAll(async () => {
      creation.meal ??= createMealOnce();
      return (await creation.meal)?.id ?? null;
    });
    const target = (await creation.meal) ?? null;

    if (photos.stopRequested()) return; // onCancel moves on once the server has answered
    if (!target) {
      setPhase("idle"); // the meal could not be created: the alert says why, the photos wait
      return;
    }
    void queryClient.invalidateQueries({ queryKey: diaryKey(target.date) });
    if (notStored === 0) openMeal(target.id);
    else if (stored === 0) {
      // Nothing was stored: the empty meal never shows in the diary (the backend removes it), and
      // the form is as before Save, type and date free again.
      setMeal(null);
      clientRequestId.current = null;
      setPhase("partial");
    } else setPhase("partial");
  }

  const { uploadedCount, failedCount, refusedCount, stoppedCount } = photos;
  const sending = bytesProgress(uploads);
  const status = recognition.cancelling
    ? "Cancelling…"
    : phase === "uploading"
      ? `${describeUploadProgress(sending.sent, sending.total, Date.now() - uploadStartedAt.current)} ${uploadedCount} of ${uploads.length} photos done.`
      : phase === "leaving"
        ? "Opening the meal…"
        : phase === "stopped"
          ? `Upload stopped: ${plural(stoppedCount, "photo")} not sent. Resume, or remove them.`
          : (photos.notice ?? "");
  // Before the meal exists only the browser holds the photos: Cancel just stops sending them.
  const canCancel = recognition.canCancel || (meal === null && photos.inFlightCount > 0);

  return (
    <form ref={formRef} className={styles.form} onSubmit={onSubmit} method="post" noValidate>
      {formError && <Alert title="The meal could not be saved">{formError}</Alert>}
      {phase === "partial" && !stopped && (
        <Alert
          tone="warning"
          title={`${plural(failedCount + refusedCount, "photo")} could not be uploaded`}
          actions={
            <>
              {failedCount > 0 && (
                <Button type="submit" variant="secondary">
                  Retry failed uploads
                </Button>
              )}
              {uploadedCount > 0 && meal && (
                <Button variant="ghost" onClick={() => openMeal(meal.id)}>
                  Continue without them
                </Button>
              )}
            </>
          }
        >
          {uploadedCount > 0
            ? "The other photos are saved. "
            : "No photo is saved yet, so no meal is in your diary. "}
          {failedCount > 0
            ? "You can retry, or remove the failed ones."
            : "Remove the refused photos to go on."}
        </Alert>
      )}
      {phase === "stopped" && stopped && (
        <Alert
          tone="info"
          title="Upload stopped"
          actions={
            <Button variant="secondary" onClick={onResume}>
              Resume
            </Button>
          }
        >
          You stopped the upload. The photos that were not sent are still here: resume, or remove them.
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
          disabled={!hydrated || working || stopped}
          onAdd={addFiles}
          describedBy={fieldErrors.photos ? "photos-error" : undefined}
        />
        {fieldErrors.photos && (
          <p id="photos-error" className={styles.fieldError}>
            {fieldErrors.photos}
          </p>
        )}
        {photos.problems.length > 0 && (
          <ul className={styles.fieldError} aria-label="Files not added">
            {photos.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
        <PhotoUploadList
          uploads={uploads}
          onRemove={working || recognition.cancelling ? undefined : photos.removeUpload}
        />
      </section>

      <div className={styles.actions}>
        {!stopped && (
          <Button type="submit" busy={working} disabled={!hydrated}>
            {phase === "uploading"
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
        {canCancel && (
          <Button variant="secondary" onClick={onCancel} busy={recognition.cancelling}>
            {recognition.cancelling ? "Cancelling…" : "Cancel"}
          </Button>
        )}
        <p ref={statusRef} className={styles.status} aria-live="polite" tabIndex={-1}>
          {status}
        </p>
      </div>
      {leaveGuard}
    </form>
  );
}
