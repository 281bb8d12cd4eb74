import { randomUUID } from "node:crypto";
import type { BenchContext } from "../context";
import { signUp } from "../seed";
import { latencySummary } from "../stats";

const PHOTOS_PER_MEAL = 3;
const POLL_MS = 5;
const TIMEOUT_MS = 30_000;

/** What the scenario needs: the running app, the bench database and the browser-size photo. */
export type PipelineContext = Pick<BenchContext, "baseUrl" | "sql" | "images">;

async function post(ctx: PipelineContext, cookie: string, path: string, body: BodyInit, json = false) {
  const headers: Record<string, string> = { cookie, origin: ctx.baseUrl };
  if (json) headers["content-type"] = "application/json";
  const response = await fetch(`${ctx.baseUrl}${path}`, { method: "POST", headers, body });
  if (response.status !== 201)
    throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function uploadPhoto(ctx: PipelineContext, cookie: string, mealId: string) {
  const form = new FormData();
  form.set("clientUploadId", randomUUID());
  form.set("file", new Blob([new Uint8Array(ctx.images.browser)], { type: "image/jpeg" }), "photo.jpg");
  const { photo } = (await post(ctx, cookie, `/api/meals/${mealId}/photos`, form)) as {
    photo: { id: string };
  };
  return { photoId: photo.id, answeredAt: performance.now(), answeredEpochMs: Date.now() };
}

/** Polls the database every 5 ms; answers, per photo, ms from its 201 until it was seen SUCCESS. */
async function waitForSuccess(
  ctx: PipelineContext,
  mealId: string,
  uploads: { photoId: string; answeredAt: number }[],
) {
  const waiting = new Map(uploads.map((upload) => [upload.photoId, upload.answeredAt]));
  const seen: number[] = [];
  const deadline = Date.now() + TIMEOUT_MS;
  while (waiting.size > 0) {
    if (Date.now() > deadline)
      throw new Error(`meal ${mealId}: ${waiting.size} photo(s) not done in ${TIMEOUT_MS} ms`);
    const rows = await ctx.sql<{ id: string; status: string; error: string | null }[]>`
      select id, status, error_code || ': ' || coalesce(error_message, '') error from meal_photos where meal_id = ${mealId} and status in ('SUCCESS', 'FAILED', 'CANCELLED')`;
    const now = performance.now();
    for (const row of rows) {
      const answeredAt = waiting.get(row.id);
      if (answeredAt === undefined) continue;
      if (row.status !== "SUCCESS") throw new Error(`photo ${row.id} ended ${row.status} (${row.error})`);
      seen.push(now - answeredAt);
      waiting.delete(row.id);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return seen;
}

/**
 * Upload → SUCCESS with the 0 ms demo recognizer: meals one after another, each with three
 * browser-sized photos uploaded at once (as the add-meal page does). Figures from the database's
 * own timestamps (photo created_at → processing_started_at → finished_at; meal finalized_at), and
 * as the client sees it (201 answered → SUCCESS seen by a 5 ms poll). created → 201 compares the
 * database's clock with this process's (one machine, one clock).
 */
export async function benchPipeline(ctx: PipelineContext, mealCount: number) {
  const user = await signUp(ctx.baseUrl, "pipeline");
  const seen: number[] = [];
  const answeredAt = new Map<string, number>();
  for (let meal = 0; meal < mealCount; meal++) {
    const body = JSON.stringify({ clientRequestId: randomUUID() });
    const created = (await post(ctx, user.cookie, "/api/meals", body, true)) as { meal: { id: string } };
    const uploads = await Promise.all(
      Array.from({ length: PHOTOS_PER_MEAL }, () => uploadPhoto(ctx, user.cookie, created.meal.id)),
    );
    for (const upload of uploads) answeredAt.set(upload.photoId, upload.answeredEpochMs);
    seen.push(...(await waitForSuccess(ctx, created.meal.id, uploads)));
  }
  const photos = await ctx.sql<
    { id: string; createdMs: number; total: number; queued: number; processing: number }[]
  >`
    select id, extract(epoch from created_at)::float * 1000 "createdMs",
      extract(epoch from finished_at - created_at)::float * 1000 total,
      extract(epoch from processing_started_at - created_at)::float * 1000 queued,
      extract(epoch from finished_at - processing_started_at)::float * 1000 processing
    from meal_photos where user_id = ${user.id} and status = 'SUCCESS'`;
  const meals = await ctx.sql<{ ms: number }[]>`
    select extract(epoch from m.finalized_at - min(p.created_at))::float * 1000 ms
    from meals m join meal_photos p on p.meal_id = m.id
    where m.user_id = ${user.id} and m.status = 'COMPLETE' group by m.id`;
  return {
    meals: meals.length,
    photos: photos.length,
    createdToSuccess: latencySummary(photos.map((photo) => photo.total)),
    createdToProcessing: latencySummary(photos.map((photo) => photo.queued)),
    processingToSuccess: latencySummary(photos.map((photo) => photo.processing)),
    createdToAnswered: latencySummary(
      photos.map((photo) => (answeredAt.get(photo.id) ?? Number.NaN) - photo.createdMs),
    ),
    mealUploadToComplete: latencySummary(meals.map((row) => row.ms)),
    answeredToSeen: latencySummary(seen),
  };
}
