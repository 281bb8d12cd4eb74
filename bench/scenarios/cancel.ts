import { randomUUID } from "node:crypto";
import type { RequestParams } from "autocannon";
import { type BenchContext, pick } from "../context";
import { createInFlightMeals } from "../fixtures";
import { type LoadTarget, measure } from "../measure-http";
import { type BenchUser, renewSessionCache, signUp } from "../seed";

// Cancels one in-flight meal per request; generous, and the hit rate below proves it sufficed.
const IN_FLIGHT_MEALS_PER_SECOND = 500;

function cancelTarget(
  ctx: BenchContext,
  name: string,
  user: BenchUser,
  nextMealId: () => string,
): LoadTarget {
  return {
    name,
    url: ctx.baseUrl,
    request: {
      method: "POST",
      path: "/api/ai/cancel",
      setupRequest: (request: RequestParams) => ({
        ...request,
        // Read per request: the session cache's cookie is renewed during the load.
        headers: { cookie: user.cookie, "content-type": "application/json", origin: ctx.baseUrl },
        body: JSON.stringify({ clientCancelId: randomUUID(), mealId: nextMealId(), reason: "user_cancel" }),
      }),
    },
  };
}

/**
 * POST /api/ai/cancel with a fresh clientCancelId per request, two ways: naming a COMPLETE meal
 * of the heavy user (the already_completed path), and naming a meal with two PENDING photos of
 * another user (the cancelled path: photos → CANCELLED, meal finalised, runs signalled).
 */
export async function benchCancel(ctx: BenchContext) {
  const canceller = await signUp(ctx.baseUrl, "canceller");
  const stopRenewing = renewSessionCache(ctx.baseUrl, canceller);
  const { durationS, runs, connections } = ctx.plan;
  const poolSize = IN_FLIGHT_MEALS_PER_SECOND * durationS * runs * connections.length;
  const pool = await createInFlightMeals(ctx.sql, canceller.id, poolSize, { photos: 2, date: "2020-01-01" });
  let next = 0;
  const [{ startedAt } = { startedAt: new Date() }] = await ctx.sql<
    { startedAt: Date }[]
  >`select now() "startedAt"`;
  const points = await measure(
    [
      // The floor again, interleaved with the cancels, so their share of it is from the same moments.
      {
        name: "floor",
        url: ctx.baseUrl,
        request: { method: "GET", path: `/api/meals?date=${pick(ctx.heavyDates)}`, headers: {} },
      },
      cancelTarget(ctx, "completed", ctx.heavy, () => pick(ctx.heavyMealIds)),
      cancelTarget(ctx, "inFlight", canceller, () => pool[next++ % pool.length] ?? ""),
    ],
    ctx.plan,
  );
  stopRenewing();
  const [hits] = await ctx.sql<{ cancelled: number; total: number }[]>`
    select count(*) filter (where not noop)::int cancelled, count(*)::int total
    from cancel_events where user_id = ${canceller.id}`;
  // Thousands of leftover PENDING photos would change the diary's plan for later scenarios.
  await ctx.sql`delete from meals where user_id = ${canceller.id} and status = 'PROCESSING'`;
  await ctx.sql`vacuum (analyze) meals, meal_photos`;
  // An already_completed cancel must change nothing. Today's seeded meals carry later times of
  // the day (created_at = updated_at), so only a row whose updated_at moved away counts.
  const [rewritten] = await ctx.sql<{ meals: number }[]>`
    select count(*)::int meals from meals
    where user_id = ${ctx.heavy.id} and updated_at >= ${startedAt} and updated_at <> created_at`;
  return {
    completedMealsRewritten: rewritten?.meals ?? 0,
    floor: points.floor ?? [],
    completed: points.completed ?? [],
    inFlight: points.inFlight ?? [],
    inFlightHitRate: hits && hits.total > 0 ? hits.cancelled / hits.total : 0,
  };
}
