"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError } from "@/components/api";
import { readAmount } from "@/components/diary/read-amount";
import { formatKcal } from "@/components/format";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import {
  FOOD_NAME_MAX,
  ingredientTotals,
  leastCookedGrams,
  MAX_COOKED_GRAMS,
  MAX_INGREDIENT_GRAMS,
  MAX_INGREDIENTS,
  MAX_KCAL_PER_100G,
  MAX_PIECES,
  pieceGrams,
  recipePer100g,
} from "@/lib/foods/food-numbers";
import { type Macros, macrosForPortion } from "@/lib/meals/macros";
import { serverFieldErrors } from "./field-errors";
import type { FoodAnswer } from "./food-answer";
import { FoodFormHead } from "./food-form-head";
import styles from "./food-forms.module.css";
import { FoodSearchField } from "./food-search-field";
import { NutritionSummary, type SummaryRow } from "./nutrition-summary";
import { type RecipeInput, useCreateFood, useUpdateFood } from "./own-food-mutations";
import { useFocusFirstInvalid } from "./use-focus-first-invalid";

interface Row {
  /** Stable across edits, so a row keeps its focus when one above is removed. */
  key: number;
  foodId: string | null;
  name: string;
  /** The food's values: picked here, or a saved ingredient's as GET /api/foods/:id answers them. */
  per100g?: Macros;
  grams: string;
}

interface RecipeBuilderProps {
  /** The recipe to edit, with its ingredients (GET /api/foods/:id); none: a new one. */
  recipe?: FoodAnswer;
  /** A new recipe's name as typed in a search that found nothing. */
  initialName?: string;
  onSaved: (food: FoodAnswer) => void;
  onCancel: () => void;
}

type Errors = Partial<Record<string, string>>;

/**
 * A recipe from foods of the table (or the user's own) by raw weight, the dish's weight once
 * cooked and optionally the pieces or servings it makes. The totals follow every keystroke with
 * the server's own arithmetic (lib/foods/food-numbers.ts): energy and macros per 100 g of the
 * cooked dish and per piece.
 */
export function RecipeBuilder({ recipe, initialName = "", onSaved, onCancel }: RecipeBuilderProps) {
  const create = useCreateFood();
  const update = useUpdateFood(recipe?.id ?? "");
  const save = recipe ? update : create;
  const nextKey = useRef(0);
  const [name, setName] = useState(recipe?.name ?? initialName);
  const [rows, setRows] = useState<Row[]>(() =>
    (recipe?.ingredients ?? []).map((ingredient) => ({
      key: nextKey.current++,
      foodId: ingredient.foodId,
      name: ingredient.name,
      per100g: ingredient.per100g ?? undefined,
      grams: String(ingredient.grams),
    })),
  );
  const [search, setSearch] = useState("");
  const [cooked, setCooked] = useState(recipe?.cookedGrams ? String(recipe.cookedGrams) : "");
  const [pieces, setPieces] = useState(recipe?.pieces ? String(recipe.pieces) : "");
  const [errors, setErrors] = useState<Errors>({});
  /** Where the focus goes once the rows have changed: a new row's weight, or the search after a removal. */
  const [focusNext, setFocusNext] = useState<number | "search" | null>(null);
  const ingredientsRef = useRef<HTMLFieldSetElement>(null);
  const focus = useFocusFirstInvalid();

  useEffect(() => {
    if (focusNext === null) return;
    const target = focusNext === "search" ? '[role="combobox"]' : `[data-row="${focusNext}"] input`;
    ingredientsRef.current?.querySelector<HTMLInputElement>(target)?.focus();
    setFocusNext(null);
  }, [focusNext]);

  const refusal = save.error instanceof ApiError && save.error.status === 400 ? save.error : null;
  const server = serverFieldErrors(
    refusal,
    (field) =>
      ["name", "cookedGrams", "pieces", "ingredients"].includes(field) || /^ingredients\.\d+$/.test(field),
  );
  const shownErrors: Errors = { ...server.fields, ...errors };
  // What the totals can count now: the rows with a food and a weight that reads.
  const counted = rows.flatMap((row) => {
    const grams = readAmount(row.grams, { max: MAX_INGREDIENT_GRAMS }).value;
    return row.per100g && grams ? [{ per100g: row.per100g, grams }] : [];
  });
  const totals = ingredientTotals(counted);
  const rawGrams = counted.reduce((sum, ingredient) => sum + ingredient.grams, 0);
  const cookedGrams = readAmount(cooked, { max: MAX_COOKED_GRAMS }).value || null;
  const pieceCount = readAmount(pieces, { min: 1, max: MAX_PIECES, integer: true }).value;
  const summary: SummaryRow[] = [];
  if (counted.length > 0) {
    if (cookedGrams) {
      const per100g = recipePer100g(counted, cookedGrams);
      summary.push({ label: "Per 100 g", values: per100g });
      if (pieceCount) {
        const grams = pieceGrams(cookedGrams, pieceCount);
        summary.push({ label: `Per piece (${grams} g)`, values: macrosForPortion(per100g, grams) });
      }
    }
    summary.push({ label: "Whole recipe", values: totals });
  }

  const change = (apply: () => void) => {
    apply();
    if (save.isError) save.reset(); // the refusal was about what is being changed now
  };

  function addIngredient(food: { id: string; name: string; per100g: Macros }) {
    setSearch("");
    if (food.id === recipe?.id) {
      setErrors({ ingredients: "A recipe cannot be one of its own ingredients." });
      return;
    }
    const key = nextKey.current++;
    change(() =>
      setRows((current) => [
        ...current,
        { key, foodId: food.id, name: food.name, per100g: food.per100g, grams: "" },
      ]),
    );
    setErrors(({ ingredients: _, ...rest }) => rest);
    setFocusNext(key); // the raw weight is what to type next
  }

  function read(): { input: RecipeInput } | { problems: Errors } {
    const problems: Errors = {};
    const trimmed = name.trim();
    if (trimmed === "") problems.name = "Enter the recipe's name.";
    else if (trimmed.length > FOOD_NAME_MAX) problems.name = `At most ${FOOD_NAME_MAX} characters.`;
    if (rows.length === 0) problems.ingredients = "Add at least one ingredient.";
    else if (rows.length > MAX_INGREDIENTS) problems.ingredients = `At most ${MAX_INGREDIENTS} ingredients.`;
    const ingredients: RecipeInput["ingredients"] = [];
    rows.forEach((row, index) => {
      const grams = readAmount(row.grams, { max: MAX_INGREDIENT_GRAMS });
      if (!row.foodId) problems[`ingredients.${index}`] = "This food was deleted: remove it, or add another.";
      else if (grams.value === null) problems[`ingredients.${index}`] = grams.error;
      else if (grams.value === 0) problems[`ingredients.${index}`] = "Enter its raw weight, more than 0 g.";
      else ingredients.push({ foodId: row.foodId, grams: grams.value });
    });
    const cookedAmount = readAmount(cooked, { max: MAX_COOKED_GRAMS });
    const least = leastCookedGrams(totals);
    if (cookedAmount.value === null) problems.cookedGrams = cookedAmount.error;
    else if (cookedAmount.value === 0)
      problems.cookedGrams = "Enter what the cooked dish weighs, more than 0 g.";
    else if (cookedAmount.value < least)
      problems.cookedGrams = `At least ${least} g: any lighter, 100 g of the dish would hold more than its own weight in macros or more than ${MAX_KCAL_PER_100G} kcal.`;
    const piecesAmount = readAmount(pieces, { min: 1, max: MAX_PIECES, integer: true });
    if (pieces.trim() !== "" && piecesAmount.value === null) problems.pieces = piecesAmount.error;
    if (Object.keys(problems).length > 0 || cookedAmount.value === null) return { problems };
    return {
      input: {
        name: trimmed,
        ingredients,
        cookedGrams: cookedAmount.value,
        ...(piecesAmount.value ? { pieces: piecesAmount.value } : recipe?.pieces ? { pieces: null } : {}),
      },
    };
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    event.stopPropagation(); // in a dialog portalled out of another form, React passes the submit up to it
    const typed = read();
    if ("problems" in typed) {
      setErrors(typed.problems);
      focus.refused();
      return;
    }
    setErrors({});
    save.mutate(typed.input, { onSuccess: ({ food }) => onSaved(food), onError: focus.refused });
  }

  return (
    <form ref={focus.ref} className={styles.form} onSubmit={onSubmit} noValidate>
      <FoodFormHead
        error={save.error}
        otherProblems={server.other}
        refused={refusal !== null}
        notSavedTitle={recipe ? "The recipe was not saved" : "The recipe was not created"}
        name={name}
        onNameChange={(value) => change(() => setName(value))}
        nameError={shownErrors.name}
      />
      <fieldset ref={ingredientsRef} className={styles.ingredients}>
        <legend className={styles.legend}>Ingredients, by raw weight</legend>
        {rows.length > 0 && (
          <ul className={styles.ingredientList} aria-label="Ingredients">
            {rows.map((row, index) => {
              const grams = readAmount(row.grams, { max: MAX_INGREDIENT_GRAMS }).value;
              const per100g = row.per100g;
              return (
                <li key={row.key} className={styles.ingredient} data-row={row.key}>
                  <TextField
                    label={`${row.name} (g)`}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={MAX_INGREDIENT_GRAMS}
                    step="any"
                    value={row.grams}
                    onChange={(event) =>
                      change(() =>
                        setRows((current) =>
                          current.map((other) =>
                            other.key === row.key ? { ...other, grams: event.target.value } : other,
                          ),
                        ),
                      )
                    }
                    hint={
                      !row.foodId
                        ? "Deleted since: its values are gone."
                        : per100g && grams
                          ? formatKcal((per100g.kcal * grams) / 100)
                          : undefined
                    }
                    error={shownErrors[`ingredients.${index}`]}
                  />
                  <Button
                    variant="ghost"
                    size="small"
                    className={styles.remove}
                    aria-label={`Remove ${row.name}`}
                    onClick={() => {
                      change(() => setRows((current) => current.filter((other) => other.key !== row.key)));
                      setFocusNext("search"); // this button is gone
                    }}
                  >
                    Remove
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
        <FoodSearchField
          label={rows.length === 0 ? "Add an ingredient" : "Add another ingredient"}
          value={search}
          placeholder="Search foods, e.g. rice"
          onType={setSearch}
          onPick={addIngredient}
          noMatch={<p>Only a food of the table or one of your own can be an ingredient: create it first.</p>}
          error={shownErrors.ingredients}
        />
      </fieldset>
      <TextField
        label="Cooked weight (g)"
        type="number"
        inputMode="decimal"
        min={0}
        max={MAX_COOKED_GRAMS}
        step="any"
        value={cooked}
        onChange={(event) => change(() => setCooked(event.target.value))}
        error={shownErrors.cookedGrams}
        hint={`What the whole dish weighs once cooked (without the pot)${rawGrams > 0 ? `; the raw ingredients weigh ${Math.round(rawGrams * 10) / 10} g` : ""}.`}
        required
      />
      <TextField
        label="Pieces or servings (optional)"
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_PIECES}
        step={1}
        value={pieces}
        onChange={(event) => change(() => setPieces(event.target.value))}
        error={shownErrors.pieces}
        hint="How many it makes, e.g. 12 idlis: each one is logged as 1 piece."
      />
      {summary.length > 0 ? (
        <section aria-label="Recipe totals">
          <NutritionSummary live rows={summary} />
        </section>
      ) : (
        <p className={styles.muted}>
          Add ingredients and the cooked weight to see energy and macros per 100 g.
        </p>
      )}
      <div className={styles.footer}>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" busy={save.isPending}>
          {recipe ? "Save recipe" : "Create recipe"}
        </Button>
      </div>
    </form>
  );
}
