import { cancelStats } from "@/lib/admin/cancel-stats";
import { cancelStatsQuery } from "@/lib/admin/inputs";
import { parseWith, searchParams } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";

export const GET = handler("admin", async ({ request }) => {
  const { window } = parseWith(cancelStatsQuery, searchParams(request));
  return json(await cancelStats(window));
});
