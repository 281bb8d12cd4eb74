import "server-only";
import { z } from "zod";
import { FOOD_STATES, type FoodState } from "@/db/schema";
import type { Macros } from "@/lib/meals/macros";
import { userText } from "@/lib/validation/text";
import { checkEnergy } from "./energy-check";
import {
  FOOD_NAME_MAX,
  FOOD_SEARCH_MAX_LIMIT,
  MAX_COOKED_GRAMS,
  MAX_INGREDIENT_GRAMS,
  MAX_INGREDIENTS,
  MAX_PIECES,
  MAX_SERVING_GRAMS,
  per100gProblems,
  servingPer100g,
} from "./food-numbers";
import { searchWords } from "./search-words";

/**
 * `GET /api/foods`: with `q`, the best matches; with `own=true`, the user's own foods and recipes,
 * latest first; with neither, the user's recent foods.
 */
export const foodSearchQuery = z
  .strictObject({
    q: userText(100)
      .refine((q) => searchWords(q).length > 0, { message: "must contain a letter or a digit" })
      .optional(),
    own: z.literal("true", { message: 'must be "true" or left out' }).optional(),
    limit: z.coerce.number().int().min(1).max(FOOD_SEARCH_MAX_LIMIT).default(10),
  })
  .refine((query) => !(query.q !== undefined && query.own !== undefined), {
    message: "q and own do not go together: search, or list your own foods",
    path: ["own"],
  });
export type FoodSearchQuery = z.infer<typeof foodSearchQuery>;

export const PORTION_LABEL_MAX = 40;

// Rounded like the sources publish them; the bounds here only keep numbers storable, the food's
// limits are checked per 100 g (per100gProblems), whichever way the label gives them.
const round = (decimals: number) => (value: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
const macroAmount = z.number().finite().min(0).max(100_000).transform(round(2));
const macrosInput = z.strictObject({
  kcal: macroAmount,
  protein: macroAmount,
  fat: macroAmount,
  carbs: macroAmount,
});
/** A weight in grams, to 0.1 g: more than nothing, at most `max`. */
export const gramsInput = (max: number) => z.number().finite().min(0.1).max(max).transform(round(1));

const ingredientInput = z.strictObject({ foodId: z.uuid(), grams: gramsInput(MAX_INGREDIENT_GRAMS) });
export type IngredientInput = z.infer<typeof ingredientInput>;

const foodFields = {
  name: userText(FOOD_NAME_MAX),
  state: z.enum(FOOD_STATES),
  per100g: macrosInput,
  perServing: macrosInput,
  servingGrams: gramsInput(MAX_SERVING_GRAMS),
  ingredients: z.array(ingredientInput).min(1).max(MAX_INGREDIENTS),
  cookedGrams: gramsInput(MAX_COOKED_GRAMS),
  pieces: z.int().min(1).max(MAX_PIECES),
};
const LABEL_FIELDS = ["state", "per100g", "perServing", "servingGrams"] as const;
const RECIPE_FIELDS = ["ingredients", "cookedGrams", "pieces"] as const;

type Fields = Partial<{
  [K in keyof typeof foodFields]: z.output<(typeof foodFields)[K]> | (K extends "pieces" ? null : never);
}>;

/** A label's numbers: per 100 g, and the serving it gave them for, if it did. */
export interface LabelValues {
  per100g: Macros;
  servingGrams: number | null;
}

/** The label's values per 100 g and their problems, each on the field the user typed. */
function labelValues(fields: Fields, ctx: z.RefinementCtx): LabelValues | undefined {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  if (fields.per100g && fields.perServing) {
    issue(["perServing"], "send per100g or perServing with servingGrams, not both");
    return undefined;
  }
  if (fields.perServing === undefined && fields.servingGrams !== undefined) {
    issue(["perServing"], "required with servingGrams");
    return undefined;
  }
  if (fields.perServing && fields.servingGrams === undefined) {
    issue(["servingGrams"], "required with perServing");
    return undefined;
  }
  const given = fields.per100g ?? fields.perServing;
  if (!given) return undefined;
  const field = fields.per100g ? "per100g" : "perServing";
  const servingGrams = fields.perServing && fields.servingGrams !== undefined ? fields.servingGrams : null;
  const per100g = servingGrams === null ? given : servingPer100g(given, servingGrams);
  // Limits and energy in the units the user typed: per 100 g, or per serving.
  const inTheirUnits = (value: number) =>
    servingGrams === null ? value : Math.round(((value * servingGrams) / 100) * 10) / 10;
  const unit = servingGrams === null ? "per 100 g" : `per serving of ${servingGrams} g`;
  for (const problem of per100gProblems(per100g)) {
    const path = problem.key === "macros" ? [field] : [field, problem.key];
    issue(path, servingGrams === null ? problem.message : `${problem.message} (${unit} makes it so)`);
  }
  const energy = checkEnergy(per100g);
  if (!energy.agrees) {
    const low = inTheirUnits(energy.expectedKcal.low);
    const high = inTheirUnits(energy.expectedKcal.high);
    const range = low === high ? `${low}` : `${low}–${high}`;
    issue(
      [field, "kcal"],
      `${given.kcal} kcal ${unit} does not agree with the protein, fat and carbohydrate: they give ${range} kcal ${unit} (IFCT 2017's factors; within 10 % or 10 kcal per 100 g is accepted). Check the label's numbers.`,
    );
  }
  return { per100g, servingGrams };
}

/** Label and recipe fields never mix: a recipe's values come from its ingredients. */
function refuseMixedKinds(fields: Fields, ctx: z.RefinementCtx): boolean {
  const label = LABEL_FIELDS.filter((key) => fields[key] !== undefined);
  const recipe = RECIPE_FIELDS.filter((key) => fields[key] !== undefined);
  if (label.length === 0 || recipe.length === 0) return false;
  for (const key of label) {
    ctx.addIssue({ code: "custom", path: [key], message: "a recipe's values come from its ingredients" });
  }
  return true;
}

export type CreateFoodInput =
  | { name: string; state: FoodState; label: LabelValues }
  | {
      name: string;
      recipe: { ingredients: IngredientInput[]; cookedGrams: number; pieces: number | null };
    };

/**
 * `POST /api/foods`: a food from a label (`per100g`, or `perServing` with `servingGrams`) or a
 * recipe (`ingredients` by raw weight with `cookedGrams`, and `pieces` if counted).
 */
export const createFoodInput = z
  .strictObject({
    ...foodFields,
    state: foodFields.state.optional(),
    per100g: foodFields.per100g.optional(),
    perServing: foodFields.perServing.optional(),
    servingGrams: foodFields.servingGrams.optional(),
    ingredients: foodFields.ingredients.optional(),
    cookedGrams: foodFields.cookedGrams.optional(),
    pieces: foodFields.pieces.optional(),
  })
  .transform((fields, ctx): CreateFoodInput => {
    if (refuseMixedKinds(fields, ctx)) return z.NEVER;
    const { name, ingredients, cookedGrams } = fields;
    if (ingredients || cookedGrams !== undefined || fields.pieces !== undefined) {
      if (!ingredients)
        ctx.addIssue({ code: "custom", path: ["ingredients"], message: "required for a recipe" });
      if (cookedGrams === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["cookedGrams"],
          message: "required: the dish's weight once cooked",
        });
      }
      if (!ingredients || cookedGrams === undefined) return z.NEVER;
      return { name, recipe: { ingredients, cookedGrams, pieces: fields.pieces ?? null } };
    }
    if (!fields.per100g && !fields.perServing && fields.servingGrams === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["per100g"],
        message: "send per100g, perServing with servingGrams, or a recipe's ingredients with cookedGrams",
      });
      return z.NEVER;
    }
    const label = labelValues(fields, ctx);
    if (!label) return z.NEVER;
    return { name, state: fields.state ?? "ready", label };
  });

export interface FoodPatch {
  name?: string;
  state?: FoodState;
  label?: LabelValues;
  recipe?: { ingredients?: IngredientInput[]; cookedGrams?: number; pieces?: number | null };
}

/** `PATCH /api/foods/:id`: the fields of `POST`, each optional; `pieces: null` stops counting pieces. */
export const foodPatchInput = z
  .strictObject({
    name: foodFields.name.optional(),
    state: foodFields.state.optional(),
    per100g: foodFields.per100g.optional(),
    perServing: foodFields.perServing.optional(),
    servingGrams: foodFields.servingGrams.optional(),
    ingredients: foodFields.ingredients.optional(),
    cookedGrams: foodFields.cookedGrams.optional(),
    pieces: foodFields.pieces.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: "change at least one field" })
  .transform((fields, ctx): FoodPatch => {
    if (refuseMixedKinds(fields, ctx)) return z.NEVER;
    const patch: FoodPatch = { name: fields.name, state: fields.state };
    const { ingredients, cookedGrams, pieces } = fields;
    if (ingredients || cookedGrams !== undefined || pieces !== undefined) {
      patch.recipe = { ingredients, cookedGrams, pieces };
    }
    if (fields.per100g || fields.perServing || fields.servingGrams !== undefined) {
      const label = labelValues(fields, ctx);
      if (!label) return z.NEVER;
      patch.label = label;
    }
    return patch;
  });

/** `PUT /api/foods/:id/portions`: the caller's own household portion of a food ("katori" = 150 g). */
export const portionInput = z.strictObject({
  label: userText(PORTION_LABEL_MAX),
  grams: gramsInput(MAX_SERVING_GRAMS),
});
export type PortionInput = z.infer<typeof portionInput>;

/** A portion's label in a path (`DELETE /api/foods/:id/portions/:label`). */
export const portionLabelParam = userText(PORTION_LABEL_MAX);
