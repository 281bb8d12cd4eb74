import "server-only";
import { and, eq, getTableColumns, sql } from "drizzle-orm";
import { type Db, getDb } from "@/db/client";
import { cancelEvents, type MealPhoto, mealPhotos, meals } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { conflict } from "@/lib/http/errors";
import type { JobEvent } from "@/lib/jobs/events";
import { enqueueHeldJobEventSql } from "@/lib/jobs/outbox";
import { noteRecognitionQueued, recognitionEvent } from "@/lib/jobs/queue-recognition";
import { deliverHeldJobEvents } from "@/lib/jobs/relay-outbox";
import { mealInFlightSql } from "@/lib/meals/finalize-meal";
import { MAX_PHOTOS_PER_MEAL } from "@/lib/meals/meal-limits";
import { findOwnedMeal, ownedMealIs, ownedOrNotFound } from "@/lib/meals/owned-meal";
import { getStorage } from "@/lib/storage";
import { processImage } from "./process-image";
import { smallPhotoKey } from "./small-photo";

export interface AddPhotoInput {
  mealId: string;
  clientUploadId: string;
  file: Uint8Array;
}

export interface AddPhotoResult {
  photo: MealPhoto;
  created: boolean;
}

/**
 * The caller's meal with its photo of this clientUploadId, if any, in one statement, without the
 * lock (before the image work: a repeat that finished long ago skips it). 404 as findOwnedMeal.
 */
async function findEarlierUpload(db: Db, userId: string, input: AddPhotoInput): Promise<MealPhoto | null> {
  const [row] = await db
    .select({ meal: meals.id, photo: mealPhotos })
    .from(meals)
    .leftJoin(mealPhotos, and(eq(mealPhotos.mealId, meals.id), sameUpload(userId, input)))
    .where(ownedMealIs(userId, input.mealId));
  return ownedOrNotFound(row).photo;
}

const sameUpload = (userId: string, input: Pick<AddPhotoInput, "mealId" | "clientUploadId">) =>
  and(
    eq(mealPhotos.mealId, input.mealId),
    eq(mealPhotos.userId, userId),
    eq(mealPhotos.clientUploadId, input.clientUploadId),
  );

/**
 * Whether the user cancelled this meal as a whole (not single photos, not a deletion), as SQL.
 * Such a meal takes no more uploads: one still in flight when the user pressed Cancel, or one the
 * browser aborted after its bytes had left, must not start recognition afterwards.
 */
const cancelledSql = (mealId: string) => sql`exists (select 1 from ${cancelEvents}
  where ${cancelEvents.mealId} = ${mealId} and ${cancelEvents.reason} <> 'meal_deleted'
    and ${cancelEvents.payload} -> 'photoIds' is null)`;

type NewPhoto = Pick<
  MealPhoto,
  | "id"
  | "attempt"
  | "mealId"
  | "userId"
  | "clientUploadId"
  | "storageKey"
  | "mime"
  | "bytes"
  | "width"
  | "height"
  | "sha256"
>;

/**
 * The upload's one statement under the meal's lock (a later statement than the lock's, so it reads
 * what every writer of the meal committed before the lock was ours): the photo of this
 * clientUploadId (`repeated`), whether the meal was cancelled, whether it is full, and unless one
 * of them holds, the photo's insert with its recognition event (the outbox, held by this request)
 * and the meal's move back to PROCESSING (finalizeMeal's outcome for a photo in flight), as CTEs
 * written only with the photo.
 */
async function insertUnlessRefused(tx: Db, photo: NewPhoto, event: JobEvent) {
  const input = { mealId: photo.mealId, clientUploadId: photo.clientUploadId };
  const repeated = tx
    .$with("repeated")
    .as(tx.select().from(mealPhotos).where(sameUpload(photo.userId, input)));
  const verdict = tx
    .$with("verdict", {
      cancelled: sql<boolean>`cancelled`.as("cancelled"),
      atLimit: sql<boolean>`at_limit`.as("at_limit"),
      allowed: sql<boolean>`allowed`.as("allowed"),
    })
    .as(sql`select cancelled, at_limit, not cancelled and not at_limit and not exists (select 1 from repeated) as allowed
      from (select ${cancelledSql(photo.mealId)} as cancelled,
        (select count(*) from ${mealPhotos} where ${mealPhotos.mealId} = ${photo.mealId}) >= ${MAX_PHOTOS_PER_MEAL} as at_limit) checks`);
  const inserted = tx.$with("inserted", getTableColumns(mealPhotos)).as(sql`insert into ${mealPhotos}
      (id, attempt, meal_id, user_id, client_upload_id, storage_key, mime, bytes, width, height, sha256)
    select ${photo.id}::uuid, ${photo.attempt}::int, ${photo.mealId}::uuid, ${photo.userId}::text, ${photo.clientUploadId}::uuid,
      ${photo.storageKey}::text, ${photo.mime}::text, ${photo.bytes}::int, ${photo.width}::int, ${photo.height}::int,
      ${photo.sha256}::text
    from verdict where allowed
    returning *`);
  const photoInserted = sql`exists (select 1 from inserted)`;
  const queued = tx.$with("queued", {}).as(enqueueHeldJobEventSql(event, photoInserted));
  const inFlight = tx.$with("in_flight", {}).as(mealInFlightSql(photo.mealId, photoInserted));
  const [row] = await tx
    .with(repeated, verdict, inserted, queued, inFlight)
    .select()
    .from(verdict)
    .leftJoin(inserted, sql`true`)
    .leftJoin(repeated, sql`true`);
  if (!row) throw new Error("the upload's statement answered no row");
  return row;
}

/**
 * Stores a photo in the caller's meal, idempotent by (meal, clientUploadId). The image is checked
 * and re-encoded before anything is written, so refused input leaves no row and no file. Under
 * the meal's row lock, a repeated clientUploadId is looked up first, so a repeat always answers
 * with the first photo, whatever the meal became since (full, cancelled); only then the cancel
 * and limit checks, and the insert, with the meal moving back to PROCESSING (a photo in flight,
 * DESIGN §3) and its recognition event (the outbox) in the same transaction; the request sends the
 * event itself after the commit (held, so no relay claims it meanwhile). A meal the
 * user cancelled takes no more uploads (409, reason `meal_cancelled`): the server, not the
 * browser, makes sure nothing the user cancelled starts afterwards (a retry is the way back).
 *
 * Statements: the meal with an earlier photo before the image work; in the transaction the meal's
 * lock, then the checks with the insert, its outbox row and the meal back to PROCESSING
 * (insertUnlessRefused); after the commit the event's delivery mark.
 */
export async function addPhoto(
  userId: string,
  input: AddPhotoInput,
  options: { maxPixels: number },
): Promise<AddPhotoResult> {
  const db = await getDb();
  const earlier = await findEarlierUpload(db, userId, input);
  if (earlier) return { photo: earlier, created: false };

  const image = await processImage(input.file, options.maxPixels);
  const photoId = crypto.randomUUID();
  // Written held by this request with the photo, and sent by it after the commit.
  const event = recognitionEvent({ id: photoId, attempt: 1, mealId: input.mealId, userId });
  const storageKey = `photos/${userId}/${photoId}.${image.extension}`;
  const storage = getStorage();
  // The small copy is stored beside the photo, so no page waits for it to be made.
  const smallKey = smallPhotoKey(storageKey);
  const removeFiles = () => Promise.allSettled([storage.delete(storageKey), storage.delete(smallKey)]);
  const stored = await Promise.allSettled([
    storage.put(storageKey, image.bytes, image.mime),
    storage.put(smallKey, image.small, "image/webp"),
  ]);
  const failed = stored.find((result) => result.status === "rejected");
  if (failed) {
    await removeFiles();
    throw failed.reason;
  }

  let result: AddPhotoResult;
  try {
    result = await transaction(async (tx) => {
      await findOwnedMeal(tx, userId, input.mealId, { lock: true });
      const outcome = await insertUnlessRefused(
        tx,
        {
          id: photoId,
          attempt: 1,
          mealId: input.mealId,
          userId,
          clientUploadId: input.clientUploadId,
          storageKey,
          mime: image.mime,
          bytes: image.bytes.byteLength,
          width: image.width,
          height: image.height,
          sha256: image.sha256,
        },
        event,
      );
      if (outcome.repeated) return { photo: outcome.repeated, created: false };
      if (outcome.verdict.cancelled) {
        throw conflict("This meal was cancelled; the photo was not added", { reason: "meal_cancelled" });
      }
      if (outcome.verdict.atLimit) {
        throw conflict(`A meal holds at most ${MAX_PHOTOS_PER_MEAL} photos`, { reason: "photo_limit" });
      }
      if (!outcome.inserted) throw new Error("the upload's insert returned no row");
      noteRecognitionQueued(outcome.inserted, event);
      return { photo: outcome.inserted, created: true };
    });
  } catch (error) {
    await removeFiles();
    throw error;
  }
  if (result.created) await deliverHeldJobEvents([event]);
  // A concurrent request with the same clientUploadId stored the photo first: these files are not needed.
  else await removeFiles();
  return result;
}
