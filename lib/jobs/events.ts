import "server-only";
import { eventType } from "inngest";
import { z } from "zod";
import { activeTraceContext } from "@/lib/tracing/spans";

/** Events carry ids only (DESIGN §6): a job always reads fresh rows. */
const photoRef = {
  photoId: z.uuid(),
  mealId: z.uuid(),
  userId: z.string().min(1),
  attempt: z.int().min(1),
};

/**
 * The W3C trace context of the request that queued the job, when traces are exported: the job's
 * step spans continue that trace (lib/jobs/trace-step.ts). It rides in the outbox row with the rest
 * of the event, so it survives the relay and a restart.
 */
const traceContext = {
  traceparent: z.string().max(55).optional(),
  tracestate: z.string().max(512).optional(),
};

export const photoUploaded = eventType("meal/photo.uploaded", {
  schema: z.object({ ...photoRef, ...traceContext }),
});

export const photoCancelled = eventType("meal/photo.cancelled", {
  schema: z.object({ ...photoRef, cancelEventId: z.uuid().nullable() }),
});

export type PhotoRef = z.infer<z.ZodObject<typeof photoRef>>;

/**
 * A job event as the outbox stores it. Its id is derived from what it is about (the photo, the
 * attempt, the kind), never random: a re-sent event is deduplicated by the engine.
 */
export interface JobEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
}

/** One recognition run per photo attempt: the event id dedupes a resent event. */
export const recognitionEventId = (photo: Pick<PhotoRef, "photoId" | "attempt">) =>
  `recognize-${photo.photoId}-${photo.attempt}`;

export function recognitionRequested(photo: PhotoRef): JobEvent {
  const data = photoUploaded.create({ ...photo, ...activeTraceContext() }).data as PhotoRef;
  return { id: recognitionEventId(photo), name: photoUploaded.name, data };
}

/** Stops the recognition run of one photo attempt (its `cancelOn`). */
export function recognitionCancelled(photo: PhotoRef, cancelEventId: string | null): JobEvent {
  const data = photoCancelled.create({ ...photo, cancelEventId }).data as PhotoRef;
  return { id: `cancel-${photo.photoId}-${photo.attempt}`, name: photoCancelled.name, data };
}
