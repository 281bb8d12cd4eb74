import "server-only";
import { Inngest } from "inngest";
import { config, usesExternalInngest } from "@/lib/config";
import { logger } from "@/lib/logger";

export function embeddedInngestUrl(): string {
  return `http://127.0.0.1:${config().INNGEST_EMBEDDED_PORT}`;
}

/** Where the embedded executor reaches this app's `serve()` endpoint (app/api/inngest). */
export function appServeUrl(): string {
  return `http://127.0.0.1:${config().PORT}/api/inngest`;
}

/**
 * With INNGEST_DEV / INNGEST_BASE_URL / INNGEST_SIGNING_KEY set, the SDK reads them itself (a real
 * Inngest dev server, self-hosted Inngest or Inngest Cloud); otherwise the app talks to the
 * embedded executor on loopback in dev mode.
 */
export const inngest = new Inngest({
  id: "mealsnap",
  logger: logger.child({ component: "inngest" }),
  ...(usesExternalInngest() ? {} : { isDev: true, baseUrl: embeddedInngestUrl() }),
});
