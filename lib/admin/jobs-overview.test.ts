import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { jobOutbox, mealPhotos } from "@/db/schema";
import { recordScheduledRun, SWEEPER_JOB } from "@/lib/jobs/record-scheduled-run";
import { signUp, type TestUser } from "@/test/app-client";
import { agePhoto, seedMeal, seedPhoto } from "@/test/seed";
import { jobsOverview } from "./jobs-overview";
import { retryFailedPhoto } from "./retry-failed-photo";

let alice: TestUser;

beforeAll(async () => {
  alice = await signUp("Alice");
});

describe("the jobs overview (admin jobs page)", () => {
  it("lists photos in flight with attempt and heartbeat, stuck ones marked, and failures with their error", async () => {
    const meal = await seedMeal(alice.id, { date: "2026-05-02", status: "PROCESSING" });
    const running = await seedPhoto(alice.id, meal.id, "PROCESSING");
    const stuck = await seedPhoto(alice.id, meal.id, "PROCESSING");
    await agePhoto(stuck.id, 3600);
    const failed = await seedPhoto(alice.id, meal.id, "FAILED");
    const db = await getDb();
    await db
      .update(mealPhotos)
      .set({ errorCode: "provider_error", errorMessage: "upstream said 502", finishedAt: new Date() })
      .where(eq(mealPhotos.id, failed.id));

    const overview = await jobsOverview();
    const inFlight = new Map(overview.inFlight.map((photo) => [photo.id, photo]));
    expect(inFlight.get(running.id)).toMatchObject({ status: "PROCESSING", attempt: 1, stuck: false });
    expect(inFlight.get(stuck.id)).toMatchObject({
      status: "PROCESSING",
      stuck: true,
      eventId: `recognize-${stuck.id}-1`,
      userEmail: alice.email,
    });
    // Oldest sign of life first: the stuck photo leads.
    expect(overview.inFlight[0]?.id).toBe(stuck.id);
    expect(overview.failures.find((photo) => photo.id === failed.id)).toMatchObject({
      errorCode: "provider_error",
      errorMessage: "upstream said 502",
      attempt: 1,
    });
  });

  it("reports the outbox's backlog and its oldest pending event", async () => {
    const db = await getDb();
    const old = new Date(Date.now() - 90_000);
    await db.insert(jobOutbox).values([
      { id: "test-old", name: "test/event", data: {}, createdAt: old, attempts: 4, lastError: "engine down" },
      { id: "test-new", name: "test/event", data: {} },
      { id: "test-done", name: "test/event", data: {}, createdAt: old, deliveredAt: new Date() },
    ]);
    const { outbox } = await jobsOverview();
    expect(outbox).toEqual({
      pending: 2,
      oldestPendingAt: old.toISOString(),
      failingAttempts: 4,
      lastError: "engine down",
    });
    await db.delete(jobOutbox);
  });

  it("shows the sweeper's last run and what it did, once it has run", async () => {
    expect((await jobsOverview()).sweeper).toBeNull();
    await recordScheduledRun(SWEEPER_JOB, { recovered: 1, failedPhotos: 0 });
    await recordScheduledRun(SWEEPER_JOB, { recovered: 0, failedPhotos: 2 });
    expect((await jobsOverview()).sweeper?.result).toEqual({ recovered: 0, failedPhotos: 2 });
  });
});

describe("an admin retries a failed photo", () => {
  it("gives it a new attempt through the user's retry, and refuses a photo that is not FAILED", async () => {
    const meal = await seedMeal(alice.id, { date: "2026-05-03", status: "FAILED" });
    const failed = await seedPhoto(alice.id, meal.id, "FAILED");
    const cancelled = await seedPhoto(alice.id, meal.id, "CANCELLED");

    const retried = await retryFailedPhoto(failed.id);
    expect(retried).toMatchObject({ id: failed.id, status: "PENDING", attempt: 2 });
    const db = await getDb();
    const [queued] = await db
      .select()
      .from(jobOutbox)
      .where(eq(jobOutbox.id, `recognize-${failed.id}-2`));
    expect(queued?.name).toBe("meal/photo.uploaded");

    await expect(retryFailedPhoto(failed.id)).rejects.toMatchObject({ status: 409 });
    await expect(retryFailedPhoto(cancelled.id)).rejects.toMatchObject({ status: 409 });
    await expect(retryFailedPhoto("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      status: 404,
    });
  });
});
