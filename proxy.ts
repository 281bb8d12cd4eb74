import { NextResponse } from "next/server";
import { addStrictTransportSecurity } from "@/lib/http/strict-transport";

/**
 * Pages only: HSTS depends on BETTER_AUTH_URL at run time, which next.config.ts headers (fixed at
 * build) cannot read. API routes set it in their wrapper (lib/http/route.ts) and are left out
 * here, so their bodies are never buffered for the proxy.
 */
export function proxy(): NextResponse {
  const response = NextResponse.next();
  addStrictTransportSecurity(response.headers);
  return response;
}

export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"] };
