import { integrityReport } from "@/lib/admin/integrity-report";
import { handler, json } from "@/lib/http/route";

/** For monitoring systems: always 200 when the check ran; `ok: false` means an alarm fired. */
export const GET = handler("admin", async () => json(await integrityReport()));
