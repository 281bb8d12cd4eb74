import "server-only";
import { z } from "zod";
import { MAX_PHOTOS_PER_MEAL } from "@/lib/meals/meal-limits";
import { userText } from "@/lib/validation/text";

export const CLIENT_CANCEL_REASONS = ["user_cancel", "cleanup", "navigation", "timeout"] as const;
export type CancelReason = (typeof CLIENT_CANCEL_REASONS)[number] | "meal_deleted";

/** POST /api/ai/cancel (DESIGN §5). `meal_deleted` is the server's own reason, never a client's. */
export const cancelInput = z.strictObject({
  clientCancelId: z.uuid(),
  mealId: z.uuid().optional(),
  photoIds: z.array(z.uuid()).min(1).max(MAX_PHOTOS_PER_MEAL).optional(),
  runId: userText(128).optional(),
  reason: z.enum(CLIENT_CANCEL_REASONS).default("user_cancel"),
});
export type CancelInput = z.infer<typeof cancelInput>;

export type CancelStatus = "cancelled" | "noop" | "already_completed";

export interface CancelResponse {
  cancelEventId: string;
  clientCancelId: string;
  status: CancelStatus;
  duplicate: boolean;
  cancelledTasks: number;
  updatedPhotos: number;
  mealId: string | null;
  mealStatus: string | null;
}
