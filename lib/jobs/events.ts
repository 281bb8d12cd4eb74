import "server-only";
import { eventType } from "inngest";
import { z } from "zod";

/** Events carry ids only (DESIGN §6): a job always reads fresh rows. */
const photoRef = {
  photoId: z.uuid(),
  mealId: z.uuid(),
  userId: z.string().min(1),
  attempt: z.int().min(1),
};

export const photoUploaded = eventType("meal/photo.uploaded", { schema: z.object(photoRef) });

export const photoCancelled = eventType("meal/photo.cancelled", {
  schema: z.object({ ...photoRef, cancelEventId: z.uuid().nullable() }),
});

export type PhotoRef = z.infer<z.ZodObject<typeof photoRef>>;

/** One recognition run per photo attempt: the event id dedupes a resent event. */
export const recognitionEventId = (photo: Pick<PhotoRef, "photoId" | "attempt">) =>
  `recognize-${photo.photoId}-${photo.attempt}`;
