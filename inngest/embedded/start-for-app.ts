import { appServeUrl } from "@/inngest/client";
import { config, usesExternalInngest } from "@/lib/config";
import { logger } from "@/lib/logger";
import { type EmbeddedExecutor, startEmbeddedExecutor } from "./index";

const globalExecutor = globalThis as unknown as { __mealsnapExecutor?: Promise<EmbeddedExecutor | null> };

/**
 * Starts the embedded executor beside the app when no Inngest server is configured (DESIGN §10),
 * once per process, and syncs the app's `serve()` endpoint into it.
 */
export function startExecutorForApp(): Promise<EmbeddedExecutor | null> {
  globalExecutor.__mealsnapExecutor ??= (async () => {
    if (usesExternalInngest()) return null;
    return startEmbeddedExecutor({
      port: config().INNGEST_EMBEDDED_PORT,
      appUrls: [appServeUrl()],
      logger: logger.child({ component: "inngest-embedded" }),
    });
  })();
  return globalExecutor.__mealsnapExecutor;
}
