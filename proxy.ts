import { NextResponse } from "next/server";
import { databaseStillLost } from "@/lib/http/database-outage";
import { addStrictTransportSecurity } from "@/lib/http/strict-transport";
import { UNAVAILABLE_RETRY_SECONDS } from "@/lib/http/unavailable";

/**
 * While the database is unreachable, every page is answered here: 503 with Retry-After and a page
 * that reloads itself until the database is back (Next.js can answer a rendered page only 200,
 * 401/403/404, a redirect or 500).
 */
const UNAVAILABLE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${UNAVAILABLE_RETRY_SECONDS}">
<title>Temporarily unavailable · Mealsnap</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; min-height: 100vh; display: grid; place-items: center; color: #1f2933; background: #f7f7f5; }
main { max-width: 32rem; padding: 2rem 1.5rem; text-align: center; }
p { line-height: 1.5; }
.code { font-size: 2.5rem; font-weight: 700; margin: 0; color: #52606d; }
</style>
</head>
<body>
<main role="status">
<p class="code">503</p>
<h1>Mealsnap is temporarily unavailable</h1>
<p>We can’t reach our database right now. Nothing you saved is lost: this page tries again every few seconds and comes back by itself.</p>
</main>
</body>
</html>
`;

function unavailablePage(): NextResponse {
  return new NextResponse(UNAVAILABLE_PAGE, {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "retry-after": String(UNAVAILABLE_RETRY_SECONDS),
    },
  });
}

/**
 * Pages only: HSTS depends on BETTER_AUTH_URL at run time, which next.config.ts headers (fixed at
 * build) cannot read. API routes set it in their wrapper (lib/http/route.ts) and are left out
 * here, so their bodies are never buffered for the proxy.
 */
export async function proxy(): Promise<NextResponse> {
  const response = (await databaseStillLost()) ? unavailablePage() : NextResponse.next();
  addStrictTransportSecurity(response.headers);
  return response;
}

export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"] };
