import {
  type Attributes,
  type Context,
  context,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { withoutSqlParameters } from "@/db/error-text";

/**
 * The app's spans, through the OpenTelemetry API only. Until `startTracing` registers the SDK (an
 * OTLP endpoint is configured) the API's tracer is a no-op: every span below is a non-recording
 * one that costs a function call, and nothing is exported.
 */
const TRACER_NAME = "mealsnap";

export const tracer = () => trace.getTracer(TRACER_NAME);

/** Attribute names of the app's own (non-semantic-convention) span attributes. */
export const SpanAttribute = {
  photoId: "mealsnap.photo.id",
  photoAttempt: "mealsnap.photo.attempt",
  mealId: "mealsnap.meal.id",
  requestId: "mealsnap.request_id",
  jobEventId: "mealsnap.job.event_id",
  functionId: "inngest.function.id",
  runId: "inngest.run.id",
  step: "inngest.step.name",
  stepAttempt: "inngest.step.attempt",
} as const;

export function photoAttributes(photo: { photoId: string; attempt: number; mealId?: string }): Attributes {
  return {
    [SpanAttribute.photoId]: photo.photoId,
    [SpanAttribute.photoAttempt]: photo.attempt,
    ...(photo.mealId ? { [SpanAttribute.mealId]: photo.mealId } : {}),
  };
}

/**
 * Marks a span failed with the error, as the semantic conventions ask; like the logs, never with
 * the query parameters drizzle puts in a failed query's message (tokens, emails, payloads).
 */
export function recordFailure(span: Span, error: unknown): void {
  if (!(error instanceof Error)) {
    span.recordException(String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    return;
  }
  const message = withoutSqlParameters(error.message);
  span.recordException({
    name: error.name,
    message,
    stack: error.stack && withoutSqlParameters(error.stack),
  });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

interface SpanOptions {
  attributes?: Attributes;
  kind?: SpanKind;
  /** The parent, when it is not the active context (a job step continues the trace of its event). */
  parent?: Context;
  links?: Link[];
}

/** Runs `fn` inside an active span that ends when `fn` settles, failed if `fn` throws. */
export function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const { parent = context.active(), kind = SpanKind.INTERNAL, attributes, links } = options;
  return tracer().startActiveSpan(name, { kind, attributes, links }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** True when a sampled span is active: work done now belongs to a trace being recorded. */
export function insideRecordingSpan(): boolean {
  return trace.getActiveSpan()?.isRecording() ?? false;
}

/** The W3C trace context of the active span, to carry in a job event; empty when nothing records. */
export function activeTraceContext(): { traceparent?: string; tracestate?: string } {
  if (!insideRecordingSpan()) return {};
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

/** The context a job event carries (its traceparent), or none: the job's spans then start a trace. */
export function traceContextOf(carrier: { traceparent?: string; tracestate?: string }): Context {
  if (!carrier.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** Runs `fn` outside whatever trace is active (background work that serves many requests). */
export function outsideTraces<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT, fn);
}
