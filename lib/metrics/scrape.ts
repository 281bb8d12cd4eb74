import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";
import { AppError } from "@/lib/http/errors";
import { refreshDatabaseGauges } from "./database-gauges";
import { refreshExecutorGauges } from "./executor-gauges";
import { metrics } from "./registry";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * GET /metrics: 404 when METRICS_TOKEN is unset (the endpoint does not exist), 401 without
 * `Authorization: Bearer <METRICS_TOKEN>`; else the Prometheus text, database gauges fresh.
 */
export async function scrapeMetrics(
  authorization: string | null,
): Promise<{ body: string; contentType: string }> {
  const token = config().METRICS_TOKEN;
  if (!token) throw new AppError("not_found", "Not found");
  const presented = /^Bearer (.+)$/.exec(authorization ?? "")?.[1] ?? "";
  if (!timingSafeEqual(digest(presented), digest(token))) {
    throw new AppError("unauthorized", "A valid metrics token is required");
  }
  await refreshDatabaseGauges();
  await refreshExecutorGauges();
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
