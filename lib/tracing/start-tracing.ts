import "server-only";
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from "@opentelemetry/resources";
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { type Config, config } from "@/lib/config";
import { redactEventKeys } from "./redact-event-keys";
import { markTracingStarted } from "./tracing-state";

/** OTLP over HTTP, protobuf unless `http/json` is asked for; the exporter reads its OTLP variables. */
async function otlpExporter(env: Config): Promise<SpanExporter> {
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol === "http/json") {
    const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-proto");
  return new OTLPTraceExporter();
}

/**
 * Registers the OpenTelemetry SDK for this process (once): the tracer provider with the sampler of
 * OTEL_TRACES_SAMPLER, the AsyncLocalStorage context manager and the W3C propagator, exporting in
 * batches over OTLP. Next.js's own spans and the Inngest SDK's go through the same provider.
 * Loaded only when `tracesExported()`; tests pass their own processor (an in-memory exporter).
 */
export async function startTracing(spanProcessor?: SpanProcessor): Promise<NodeTracerProvider> {
  const env = config();
  const provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME })),
    spanProcessors: [redactEventKeys, spanProcessor ?? new BatchSpanProcessor(await otlpExporter(env))],
  });
  provider.register();
  markTracingStarted();
  return provider;
}
