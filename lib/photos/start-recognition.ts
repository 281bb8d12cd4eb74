import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { mealPhotos } from "@/db/schema";

export type Skipped = { skipped: string };

/**
 * PENDING → PROCESSING for this attempt, in one conditional statement: a photo that was
 * cancelled, deleted or retried meanwhile is never overwritten, and the job skips.
 */
export async function startRecognition(
  photoId: string,
  attempt: number,
): Promise<{ started: true } | Skipped> {
  const db = await getDb();
  const [started] = await db
    .update(mealPhotos)
    .set({ status: "PROCESSING", processingStartedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(mealPhotos.id, photoId), eq(mealPhotos.attempt, attempt), eq(mealPhotos.status, "PENDING")))
    .returning({ id: mealPhotos.id });
  if (started) return { started: true };
  const [current] = await db
    .select({ status: mealPhotos.status, attempt: mealPhotos.attempt })
    .from(mealPhotos)
    .where(eq(mealPhotos.id, photoId));
  if (!current) return { skipped: "photo_gone" };
  if (current.attempt !== attempt) return { skipped: `stale_attempt:${current.attempt}` };
  return { skipped: `status:${current.status}` };
}
