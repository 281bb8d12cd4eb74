import { NonRetriableError, RetryAfterError } from "inngest";
import { config } from "@/lib/config";
import { inngest } from "@/lib/jobs/client";
import { codedMessage, readCodedMessage } from "@/lib/jobs/coded-message";
import { photoCancelled, photoUploaded } from "@/lib/jobs/events";
import { latestRetryDelayMs } from "@/lib/jobs/retry-policy";
import { stepTracer } from "@/lib/jobs/trace-step";
import { failRecognition } from "@/lib/photos/fail-recognition";
import { recordRetryDue, withHeartbeat } from "@/lib/photos/heartbeat";
import { recognizeStoredPhoto } from "@/lib/photos/recognize-stored-photo";
import { saveRecognition } from "@/lib/photos/save-recognition";
import { RecognitionError } from "@/lib/recognition/types";

/** Maps a recognizer's verdict onto Inngest's retry semantics, its code kept in the message. */
function asStepError(error: unknown): unknown {
  if (!(error instanceof RecognitionError)) return error;
  const message = codedMessage(error.code, error.message);
  if (!error.retriable) return new NonRetriableError(message, { cause: error });
  if (error.retryAfterMs) return new RetryAfterError(message, error.retryAfterMs, { cause: error });
  return new Error(message, { cause: error });
}

type Stage = "recognize" | "save";

/** The failure a photo ends with: the code the error carries, else the step that failed. */
function failureOf(error: unknown, stage: Stage): { code: string; message: string } {
  const { code, message } = readCodedMessage(error instanceof Error ? error.message : String(error));
  return { code: code ?? (stage === "recognize" ? "recognition_failed" : `${stage}_failed`), message };
}

/**
 * Recognizes with the attempt heartbeating. A failure the engine will retry first records when
 * that retry is due (Retry-After or the backoff), so the sweeper leaves the photo alone meanwhile.
 */
async function recognizeWithHeartbeat(
  photoId: string,
  attempt: number,
  stepAttempt: number,
  maxAttempts: number,
) {
  try {
    return await withHeartbeat(photoId, attempt, () => recognizeStoredPhoto(photoId, attempt));
  } catch (error) {
    const stepError = asStepError(error);
    if (!(stepError instanceof NonRetriableError) && stepAttempt + 1 < maxAttempts) {
      const retryAfterMs = error instanceof RecognitionError ? error.retryAfterMs : undefined;
      await recordRetryDue(photoId, attempt, latestRetryDelayMs(stepAttempt + 1, retryAfterMs)).catch(
        () => {},
      );
    }
    throw stepError;
  }
}

const { RECOGNITION_CONCURRENCY_PER_USER, RECOGNITION_RETRIES } = config();
const FUNCTION_ID = "recognize-photo";
type RetryCount = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10; // the SDK types retries as a literal union

/**
 * meal/photo.uploaded → food items (DESIGN §6). Steps: `recognize` (conditional PENDING→PROCESSING,
 * then stored bytes → recognizer, heartbeating), `save` (the race guard + finalisation);
 * each is safe to replay for its attempt, and any that fails for good runs `fail`. A cancel event
 * for the same photo attempt stops the run between steps; the guard in `save` covers the rest.
 */
export const recognizePhoto = inngest.createFunction(
  {
    id: FUNCTION_ID,
    name: "Recognize a meal photo",
    triggers: [photoUploaded],
    concurrency: { key: "event.data.userId", limit: RECOGNITION_CONCURRENCY_PER_USER },
    idempotency: "event.data.photoId + '-' + string(event.data.attempt)",
    cancelOn: [
      {
        event: photoCancelled,
        if: "async.data.photoId == event.data.photoId && async.data.attempt == event.data.attempt",
      },
    ],
    retries: RECOGNITION_RETRIES as RetryCount,
  },
  async ({ event, step, runId, attempt: stepAttempt, maxAttempts }) => {
    const { photoId, attempt } = event.data;
    const traced = stepTracer({ functionId: FUNCTION_ID, runId, stepAttempt, event: event.data });
    let stage: Stage = "recognize";
    try {
      const recognized = await step.run("recognize", () =>
        traced("recognize", () =>
          recognizeWithHeartbeat(photoId, attempt, stepAttempt, maxAttempts ?? RECOGNITION_RETRIES + 1),
        ),
      );
      if ("skipped" in recognized) return recognized;
      stage = "save";
      return await step.run("save", () =>
        traced("save", () => saveRecognition(photoId, attempt, recognized.items)),
      );
    } catch (error) {
      // A step failed for good (retries exhausted, or a final error): FAILED with the real error
      // (never over CANCELLED, never for another attempt) and the meal finalised.
      return step.run("fail", () =>
        traced("fail", () => failRecognition(photoId, attempt, failureOf(error, stage))),
      );
    }
  },
);
