import "server-only";
import { type Config, config, tracesExported } from "@/lib/config";

/**
 * Registers the OpenTelemetry SDK when traces are exported (an OTLP endpoint is configured), and
 * only then imports it: unset, the process never loads the SDK and the API stays a no-op.
 */
export async function startTracingWhenExported(env: Config = config()): Promise<boolean> {
  if (!tracesExported(env)) return false;
  const { startTracing } = await import("./start-tracing");
  await startTracing();
  return true;
}
