import "server-only";
import type { FoodState } from "@/db/schema";
import type { Macros } from "@/lib/meals/macros";

/** One food the recognizer found in a photo, with its estimated portion and macros. */
export interface RecognizedItem extends Macros {
  name: string;
  /**
   * What the dish is as eaten, in the food table's terms (FOOD_STATES): it is matched only to foods
   * of a state that fits (lib/foods/match-recognized-items.ts). Absent: the recognizer did not say.
   */
  state?: FoodState;
  grams: number;
  /** How sure the recognizer is, 0..1. */
  confidence: number;
  /** The food whose nutrition the item took (lib/foods); null = the recognizer's estimate. */
  foodId?: string | null;
  /** True when the item was made up (the demo recognizer), not recognised from the photo. */
  example?: boolean;
}

export interface RecognitionInput {
  bytes: Uint8Array;
  mime: string;
  /** For logs only; recognizers never load anything by it. */
  photoId: string;
}

export interface RecognitionOptions {
  /** Aborting rejects the call with the signal's reason (cancellation, not a recognition failure). */
  signal?: AbortSignal;
}

/** Turns a photo into food items (DESIGN §6). Implementations: `demo` (offline) and `openai`. */
export interface Recognizer {
  readonly name: string;
  recognize(input: RecognitionInput, options?: RecognitionOptions): Promise<RecognizedItem[]>;
}

export type RecognitionErrorCode =
  | "not_food"
  | "invalid_output"
  | "rate_limited"
  | "provider_unavailable"
  | "timeout"
  | "provider_rejected"
  | "demo_failure"
  | "photo_missing";

/** A classified failure; `retriable` tells the job runner whether another attempt can help. */
export class RecognitionError extends Error {
  override readonly name = "RecognitionError";

  constructor(
    readonly code: RecognitionErrorCode,
    message: string,
    readonly retriable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
