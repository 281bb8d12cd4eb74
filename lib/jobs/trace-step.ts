import "server-only";
import { SpanKind, trace } from "@opentelemetry/api";
import { inSpan, photoAttributes, SpanAttribute, traceContextOf } from "@/lib/tracing/spans";
import type { PhotoRef } from "./events";

interface StepRun {
  functionId: string;
  runId: string;
  /** The engine's attempt at the step (0 first, then each retry). */
  stepAttempt: number;
  /** The event's data: the photo attempt, and the trace context of the request that queued it. */
  event: PhotoRef & { traceparent?: string; tracestate?: string };
}

/**
 * Spans for the steps of a photo's job: each executed step is a span in the trace of the request
 * that queued the photo (its event's traceparent), with the photo id and attempt, the run and the
 * step's retry. Each call from the engine is its own request, so the step span links to the
 * request's span (Next.js's, and the Inngest SDK's `inngest.execution`) rather than nesting in it.
 */
export function stepTracer(run: StepRun) {
  const { functionId, runId, stepAttempt, event } = run;
  return <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    const engineCall = trace.getActiveSpan();
    return inSpan(
      `${functionId} ${step}`,
      {
        kind: SpanKind.CONSUMER,
        parent: traceContextOf(event),
        links: engineCall?.isRecording() ? [{ context: engineCall.spanContext() }] : [],
        attributes: {
          ...photoAttributes(event),
          [SpanAttribute.functionId]: functionId,
          [SpanAttribute.runId]: runId,
          [SpanAttribute.step]: step,
          [SpanAttribute.stepAttempt]: stepAttempt,
        },
      },
      fn,
    );
  };
}
