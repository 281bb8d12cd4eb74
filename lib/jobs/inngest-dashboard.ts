import "server-only";
import { type Config, config, usesExternalInngest } from "@/lib/config";

const INNGEST_DEV_SERVER_URL = "http://127.0.0.1:8288";
const INNGEST_CLOUD_URL = "https://app.inngest.com";

/**
 * Where an operator finds a run when an external Inngest runs the jobs (its runs list, searchable
 * by event id); null with the embedded executor, whose runs the database already describes.
 */
export function inngestRunsUrl(env: Config = config()): string | null {
  if (!usesExternalInngest(env)) return null;
  const base = env.INNGEST_BASE_URL ?? (env.INNGEST_DEV ? INNGEST_DEV_SERVER_URL : INNGEST_CLOUD_URL);
  return new URL("/runs", base).toString();
}
