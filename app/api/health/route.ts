import { checkHealth } from "@/lib/health";
import { handler, json } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = handler("public", async () => {
  const health = await checkHealth();
  return json(health, health.ok ? 200 : 503);
});
