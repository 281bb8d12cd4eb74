import "server-only";
import { type ExecutorKeys, generateEventKey, generateSigningKey } from "@mealsnap/inngest-embedded";
import { config } from "@/lib/config";
import { keptSecret } from "@/lib/kept-secret";

/**
 * The keys the app and the embedded executor share: given (several processes, one executor) or
 * generated once and kept beside the embedded data.
 */
export function embeddedExecutorKeys(): ExecutorKeys {
  const env = config();
  return {
    signingKey:
      env.INNGEST_EMBEDDED_SIGNING_KEY ??
      keptSecret("inngest-signing-key", "INNGEST_EMBEDDED_SIGNING_KEY", generateSigningKey),
    eventKey:
      env.INNGEST_EMBEDDED_EVENT_KEY ??
      keptSecret("inngest-event-key", "INNGEST_EMBEDDED_EVENT_KEY", generateEventKey),
  };
}
