import "server-only";
import { z } from "zod";
import { MEAL_TYPES } from "@/db/schema";
import { userText } from "@/lib/validation/text";

/** A calendar date as the user sees it (their local date), e.g. 2026-11-23. */
export const isoDate = z.iso.date({ message: "must be a date as YYYY-MM-DD" });

export const createMealInput = z.strictObject({
  clientRequestId: z.uuid(),
  mealType: z.enum(MEAL_TYPES).optional(),
  date: isoDate.optional(),
});
export type CreateMealInput = z.infer<typeof createMealInput>;

export const diaryQuery = z.object({ date: isoDate });

// Rounded to 0.1: finer amounts mean nothing for food, and the smallest doubles would not fit a
// database `real`.
const amount = (max: number) =>
  z
    .number()
    .finite()
    .min(0)
    .max(max)
    .transform((value) => Math.round(value * 10) / 10);

export const newItemInput = z.strictObject({
  name: userText(120),
  grams: amount(5000),
  kcal: amount(20000),
  protein: amount(2000),
  fat: amount(2000),
  carbs: amount(2000),
  /** The table food the item was picked from (GET /api/foods); null = typed by hand. */
  foodId: z.uuid().nullable().optional(),
});
export type NewItemInput = z.infer<typeof newItemInput>;

export const itemPatchInput = newItemInput
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: "change at least one field" });
export type ItemPatchInput = z.infer<typeof itemPatchInput>;

export const goalsInput = z.strictObject({
  kcal: z.int().min(500).max(10000),
  protein: z.int().min(0).max(1000),
  fat: z.int().min(0).max(1000),
  carbs: z.int().min(0).max(2000),
});
export type GoalsInput = z.infer<typeof goalsInput>;
