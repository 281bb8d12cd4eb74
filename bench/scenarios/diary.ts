import type { Request } from "autocannon";
import { type BenchContext, pick } from "../context";
import { measure } from "../measure-http";
import type { BenchUser } from "../seed";

/**
 * GET /api/meals?date=… as the heavy user, a random one of its two years of days per request;
 * interleaved with the same request without a cookie (401 before any SQL): the floor that
 * Next.js routing and the handler wrapper cost on this machine at that moment.
 */
export async function benchDiary(ctx: BenchContext) {
  const request = (user?: BenchUser): Request => ({
    method: "GET",
    setupRequest: (params) => ({
      ...params,
      // Read per request: the session cache's cookie is renewed during the load.
      headers: user ? { cookie: user.cookie } : ({} as Record<string, string>),
      path: `/api/meals?date=${pick(ctx.heavyDates)}`,
    }),
  });
  const points = await measure(
    [
      { name: "floor", url: ctx.baseUrl, request: request() },
      { name: "diary", url: ctx.baseUrl, request: request(ctx.heavy) },
    ],
    ctx.plan,
  );
  return { floor: points.floor ?? [], diary: points.diary ?? [] };
}
