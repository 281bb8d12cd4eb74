import "server-only";
import { z } from "zod";
import { userText } from "@/lib/validation/text";
import { searchWords } from "./search-words";

export const FOOD_SEARCH_MAX_LIMIT = 50;

/** `GET /api/foods`: without `q`, the user's recent foods; with it, the table's best matches. */
export const foodSearchQuery = z.strictObject({
  q: userText(100)
    .refine((q) => searchWords(q).length > 0, { message: "must contain a letter or a digit" })
    .optional(),
  limit: z.coerce.number().int().min(1).max(FOOD_SEARCH_MAX_LIMIT).default(10),
});
export type FoodSearchQuery = z.infer<typeof foodSearchQuery>;
