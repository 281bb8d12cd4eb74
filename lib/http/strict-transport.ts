import "server-only";
import { appBaseUrl } from "@/lib/config";
import { STRICT_TRANSPORT_SECURITY } from "./security-headers";

/** Sets HSTS on a response when the app's public URL is https (browsers ignore it over http). */
export function addStrictTransportSecurity(headers: Headers): void {
  if (appBaseUrl().startsWith("https://"))
    headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
}
