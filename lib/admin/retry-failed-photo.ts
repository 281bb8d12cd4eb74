import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type MealPhoto, mealPhotos } from "@/db/schema";
import { conflict, notFound } from "@/lib/http/errors";
import { retryPhoto } from "@/lib/photos/retry-photo";

/**
 * An admin retries a FAILED photo from the jobs page: the same retry its owner would run (new
 * attempt, meal reopened, job queued through the outbox), on the owner's behalf.
 */
export async function retryFailedPhoto(photoId: string): Promise<MealPhoto> {
  const db = await getDb();
  const [photo] = await db
    .select({ userId: mealPhotos.userId, mealId: mealPhotos.mealId, status: mealPhotos.status })
    .from(mealPhotos)
    .where(eq(mealPhotos.id, photoId));
  if (!photo) throw notFound("Photo");
  if (photo.status !== "FAILED") {
    throw conflict(`Only a failed photo can be retried here; this one is ${photo.status}`, {
      status: photo.status,
    });
  }
  return retryPhoto(photo.userId, photo.mealId, photoId);
}
