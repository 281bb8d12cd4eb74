import { handler } from "@/lib/http/route";
import { scrapeMetrics } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint (docs/OPERATIONS.md). */
export const GET = handler("public", async ({ request }) => {
  const { body, contentType } = await scrapeMetrics(request.headers.get("authorization"));
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
