import "server-only";
import { z } from "zod";
import { MEAL_TYPES } from "@/db/schema";
import { MAX_PORTION_COUNT } from "@/lib/foods/food-numbers";
import { PORTION_LABEL_MAX } from "@/lib/foods/inputs";
import { userText } from "@/lib/validation/text";
import { MAX_ITEM_GRAMS } from "./meal-limits";

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

/** A household portion of the item's food and how many ("2 × roti"): the grams are count × its grams. */
const portionChoice = z.strictObject({
  label: userText(PORTION_LABEL_MAX),
  count: z
    .number()
    .finite()
    .gt(0)
    .max(MAX_PORTION_COUNT)
    .transform((value) => Math.round(value * 100) / 100),
});

const itemFields = {
  name: userText(120),
  grams: amount(MAX_ITEM_GRAMS),
  kcal: amount(20000),
  protein: amount(2000),
  fat: amount(2000),
  carbs: amount(2000),
  /** The food the item was picked from (GET /api/foods); null = typed by hand. */
  foodId: z.uuid().nullable().optional(),
  portion: portionChoice.optional(),
};
const AMOUNT_KEYS = ["grams", "kcal", "protein", "fat", "carbs"] as const;

/**
 * `POST /api/meals/:id/items`: grams and macros, or a portion of the item's food (`foodId`),
 * which gives the grams and, unless sent, the macros.
 */
export const newItemInput = z
  .strictObject({
    ...itemFields,
    grams: itemFields.grams.optional(),
    kcal: itemFields.kcal.optional(),
    protein: itemFields.protein.optional(),
    fat: itemFields.fat.optional(),
    carbs: itemFields.carbs.optional(),
  })
  .superRefine((item, ctx) => {
    if (item.portion) {
      if (!item.foodId)
        ctx.addIssue({ code: "custom", path: ["foodId"], message: "required with a portion" });
      return;
    }
    for (const key of AMOUNT_KEYS) {
      if (item[key] === undefined)
        ctx.addIssue({ code: "custom", path: [key], message: "required without a portion" });
    }
  });
export type NewItemInput = z.infer<typeof newItemInput>;

export const itemPatchInput = z
  .strictObject(itemFields)
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
