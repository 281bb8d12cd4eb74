import { cancelEventsCsv } from "@/lib/admin/cancel-events-csv";
import { cancelEventsQuery } from "@/lib/admin/inputs";
import { listCancelEvents } from "@/lib/admin/list-cancel-events";
import { parseWith, searchParams } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";

export const GET = handler("admin", async ({ request }) => {
  const { cursor, limit, format, ...filters } = parseWith(cancelEventsQuery, searchParams(request));
  if (format === "csv") {
    const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
    return new Response(cancelEventsCsv(filters), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="cancel-events-${stamp}.csv"`,
        "cache-control": "private, no-store",
      },
    });
  }
  return json(await listCancelEvents(filters, { cursor, limit }));
});
