import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  cancelEvents,
  foodItems,
  type MealStatus,
  mealPhotos,
  meals,
  type OperationKind,
  operationEvents,
  type PhotoStatus,
  users,
} from "@/db/schema";

/**
 * Direct row fixtures for read-side tests (the diary filter, statement counts). Tests of state
 * transitions drive the real API and jobs instead.
 */
export async function seedMeal(userId: string, options: { date: string; status?: MealStatus }) {
  const db = await getDb();
  const [meal] = await db
    .insert(meals)
    .values({
      userId,
      date: options.date,
      mealType: "lunch",
      status: options.status ?? "COMPLETE",
      clientRequestId: randomUUID(),
    })
    .returning();
  if (!meal) throw new Error("no meal");
  return meal;
}

export async function seedPhoto(userId: string, mealId: string, status: PhotoStatus) {
  const db = await getDb();
  const [photo] = await db
    .insert(mealPhotos)
    .values({
      mealId,
      userId,
      status,
      clientUploadId: randomUUID(),
      storageKey: `photos/${userId}/${randomUUID()}.jpg`,
      mime: "image/jpeg",
      bytes: 1000,
      width: 10,
      height: 10,
      sha256: "0".repeat(64),
    })
    .returning();
  if (!photo) throw new Error("no photo");
  return photo;
}

export async function seedItem(mealId: string, photoId: string | null, name = "Rice", kcal = 130) {
  const db = await getDb();
  const [item] = await db
    .insert(foodItems)
    .values({
      mealId,
      photoId,
      name,
      grams: 100,
      kcal,
      protein: 2.7,
      fat: 0.3,
      carbs: 28,
      source: photoId ? "ai" : "manual",
    })
    .returning();
  if (!item) throw new Error("no item");
  return item;
}

/** Promotes a signed-up user to admin (roles are read from the database on every request). */
export async function makeAdmin(userId: string) {
  const db = await getDb();
  await db.update(users).set({ role: "admin" }).where(eq(users.id, userId));
}

export interface SeededCancel {
  createdAt: Date;
  mealId?: string | null;
  /** The meal id the request named (kept in the payload); defaults to mealId. */
  requestedMealId?: string;
  reason?: string;
  noop?: boolean;
  cancelledTasks?: number;
  updatedPhotos?: number;
  duplicateCount?: number;
}

function cancelEventRow(userId: string, options: SeededCancel): typeof cancelEvents.$inferInsert {
  const clientCancelId = randomUUID();
  const reason = options.reason ?? "user_cancel";
  const requestedMealId = options.requestedMealId ?? options.mealId ?? undefined;
  return {
    userId,
    clientCancelId,
    mealId: options.mealId ?? null,
    reason,
    payload: { clientCancelId, reason, ...(requestedMealId ? { mealId: requestedMealId } : {}) },
    noop: options.noop ?? false,
    cancelledTasks: options.cancelledTasks ?? 0,
    updatedPhotos: options.updatedPhotos ?? 0,
    duplicateCount: options.duplicateCount ?? 0,
    createdAt: options.createdAt,
  };
}

/** cancel_events rows as POST /api/ai/cancel would leave them, at chosen times; one INSERT. */
export async function seedCancelEvents(userId: string, rows: SeededCancel[]) {
  const db = await getDb();
  return db
    .insert(cancelEvents)
    .values(rows.map((row) => cancelEventRow(userId, row)))
    .returning();
}

export async function seedCancelEvent(userId: string, options: SeededCancel) {
  const [event] = await seedCancelEvents(userId, [options]);
  if (!event) throw new Error("no cancel event");
  return event;
}

export async function seedOperationEvent(
  kind: OperationKind,
  options: { createdAt: Date; status?: "COMPLETE" | "FAILED"; mealId?: string; photoId?: string },
) {
  const db = await getDb();
  await db.insert(operationEvents).values({
    kind,
    mealId: options.mealId ?? randomUUID(),
    photoId: options.photoId,
    detail: options.status ? { status: options.status } : {},
    createdAt: options.createdAt,
  });
}

/** Moves a photo's last change into the past (stuck-photo checks count from heartbeat_at). */
export async function agePhoto(photoId: string, seconds: number) {
  const db = await getDb();
  await db
    .update(mealPhotos)
    .set({ heartbeatAt: new Date(Date.now() - seconds * 1000) })
    .where(eq(mealPhotos.id, photoId));
}
