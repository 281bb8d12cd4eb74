import { NonRetriableError, RetryAfterError } from "inngest";
import { config } from "@/lib/config";
import { inngest } from "@/lib/jobs/client";
import { photoCancelled, photoUploaded } from "@/lib/jobs/events";
import { failRecognition } from "@/lib/photos/fail-recognition";
import { recognizeStoredPhoto } from "@/lib/photos/recognize-stored-photo";
import { saveRecognition } from "@/lib/photos/save-recognition";
import { startRecognition } from "@/lib/photos/start-recognition";
import { RecognitionError } from "@/lib/recognition/types";

/**
 * Maps a recognizer's verdict onto Inngest's retry semantics; the message keeps the error code
 * (`code: message`), which is all of the error that survives serialisation between attempts.
 */
function asStepError(error: unknown): unknown {
  if (!(error instanceof RecognitionError)) return error;
  const message = `${error.code}: ${error.message}`;
  if (!error.retriable) return new NonRetriableError(message, { cause: error });
  if (error.retryAfterMs) return new RetryAfterError(message, error.retryAfterMs, { cause: error });
  return new Error(message, { cause: error });
}

function failureOf(error: unknown): { code: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = /^([a-z_]+): /.exec(message)?.[1] ?? "recognition_failed";
  return { code, message: message.replace(/^[a-z_]+: /, "") };
}

const { RECOGNITION_CONCURRENCY_PER_USER, RECOGNITION_RETRIES } = config();
type RetryCount = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10; // the SDK types retries as a literal union

/**
 * meal/photo.uploaded → food items (DESIGN §6). Steps: `start` (conditional PENDING→PROCESSING),
 * `recognize` (stored bytes → recognizer), `save` (the race guard + finalisation). A cancel event
 * for the same photo attempt stops the run between steps; the guard in `save` covers the rest.
 */
export const recognizePhoto = inngest.createFunction(
  {
    id: "recognize-photo",
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
  async ({ event, step }) => {
    const { photoId, attempt } = event.data;
    const started = await step.run("start", () => startRecognition(photoId, attempt));
    if ("skipped" in started) return started;

    let recognized: Awaited<ReturnType<typeof recognizeStoredPhoto>>;
    try {
      recognized = await step.run("recognize", async () => {
        try {
          return await recognizeStoredPhoto(photoId, attempt);
        } catch (error) {
          throw asStepError(error);
        }
      });
    } catch (error) {
      // Retries are exhausted or the failure is final: FAILED (never over CANCELLED) and finalise.
      return step.run("fail", () => failRecognition(photoId, attempt, failureOf(error)));
    }
    if ("skipped" in recognized) return recognized;

    const { items } = recognized;
    return step.run("save", () => saveRecognition(photoId, attempt, items));
  },
);
