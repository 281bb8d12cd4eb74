import { randomUUID } from "node:crypto";
import type { RequestParams } from "autocannon";
import { MAX_PHOTOS_PER_MEAL } from "@/lib/meals/meal-limits";
import type { BenchContext } from "../context";
import { createEmptyMeals, waitForPhotosToSettle } from "../fixtures";
import { type LoadTarget, measure } from "../measure-http";
import { newBoundary, photoUploadBody } from "../multipart";
import { signUp } from "../seed";

const MEAL_POOL = 3_000;
// Each connection uploads once per run (a burst), and a single connection 8 times in a row.
const uploadsPerRun = (connections: number) => Math.max(connections, 8);

/**
 * POST /api/meals/:id/photos with a fresh clientUploadId per request, at two sizes, interleaved
 * run by run: the phone's original (~3 MB, 4032×3024) and what the browser sends after
 * compressing (1600 px, q0.85). Each meal receives at most 10 photos. Runs are counted in
 * requests, not seconds (uploads take seconds here), and after every run the recognition runs
 * the uploads queued are let finish, so a run never pays for its predecessor.
 */
export async function benchUpload(ctx: BenchContext) {
  const uploader = await signUp(ctx.baseUrl, "uploader");
  const meals = await createEmptyMeals(ctx.sql, uploader.id, MEAL_POOL);
  let slot = 0;
  const nextMealId = () => {
    const mealId = meals[Math.floor(slot++ / MAX_PHOTOS_PER_MEAL)];
    if (!mealId) throw new Error(`the upload benchmark used all ${MEAL_POOL} meals`);
    return mealId;
  };
  const target = (name: string, jpeg: Buffer): LoadTarget => {
    const boundary = newBoundary();
    return {
      name,
      url: ctx.baseUrl,
      amount: uploadsPerRun,
      request: {
        method: "POST",
        headers: {
          cookie: uploader.cookie,
          origin: ctx.baseUrl,
          "content-type": `multipart/form-data; boundary=${boundary}`,
        },
        setupRequest: (request: RequestParams) => ({
          ...request,
          path: `/api/meals/${nextMealId()}/photos`,
          body: photoUploadBody(jpeg, randomUUID(), boundary),
        }),
      },
    };
  };
  const points = await measure([target("phone", ctx.images.phone), target("browser", ctx.images.browser)], {
    ...ctx.plan,
    // A run of bursts takes minutes on 2 cores: --quick measures each point once.
    runs: ctx.options.quick ? 1 : ctx.plan.runs,
    settle: () => waitForPhotosToSettle(ctx.sql, uploader.id),
  });
  const [stored] = await ctx.sql<{ photos: number; success: number }[]>`
    select count(*)::int photos, count(*) filter (where status = 'SUCCESS')::int success
    from meal_photos where user_id = ${uploader.id}`;
  return { phone: points.phone ?? [], browser: points.browser ?? [], stored };
}
