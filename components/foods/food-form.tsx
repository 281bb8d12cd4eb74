"use client";

import { type FormEvent, useId, useState } from "react";
import { ApiError } from "@/components/api";
import { readAmount } from "@/components/diary/read-amount";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FOOD_STATES, type FoodState } from "@/db/schema";
import {
  FOOD_NAME_MAX,
  MAX_KCAL_PER_100G,
  MAX_MACRO_GRAMS_PER_100G,
  MAX_SERVING_GRAMS,
  per100gProblems,
  SERVING_PORTION,
  servingPer100g,
} from "@/lib/foods/food-numbers";
import { MACRO_KEYS, type Macros, macrosForPortion } from "@/lib/meals/macros";
import { serverFieldErrors } from "./field-errors";
import { FOOD_STATE_LABELS, type FoodAnswer } from "./food-answer";
import { FoodFormHead } from "./food-form-head";
import styles from "./food-forms.module.css";
import { NutritionSummary } from "./nutrition-summary";
import { type LabelFoodInput, useCreateFood, useUpdateFood } from "./own-food-mutations";
import { useFocusFirstInvalid } from "./use-focus-first-invalid";

type Basis = "per100g" | "perServing";
type Field = "name" | "servingGrams" | "state" | "macros" | keyof Macros;

const MACRO_FIELDS = [
  { key: "kcal", label: "Calories (kcal)" },
  { key: "protein", label: "Protein (g)" },
  { key: "fat", label: "Fat (g)" },
  { key: "carbs", label: "Carbs (g)" },
] as const;

interface FoodFormProps {
  /** The food to edit; none: a new one. */
  food?: FoodAnswer;
  /** A new food's name as typed in a search that found nothing. */
  initialName?: string;
  onSaved: (food: FoodAnswer) => void;
  onCancel: () => void;
}

/** The form's numbers as typed: the label's values per 100 g, or per serving with its weight. */
function initialValues(food?: FoodAnswer) {
  const serving = food?.portions.find((portion) => !portion.own && portion.label === SERVING_PORTION);
  const shown = food && serving ? macrosForPortion(food.per100g, serving.grams) : food?.per100g;
  const values = { kcal: "", protein: "", fat: "", carbs: "" } as Record<keyof Macros, string>;
  if (shown) for (const key of MACRO_KEYS) values[key] = String(shown[key]);
  return {
    basis: (serving ? "perServing" : "per100g") as Basis,
    servingGrams: serving ? String(serving.grams) : "",
    values,
  };
}

/**
 * A food of the user's own from its label: name, the label's energy and macros per 100 g or per
 * serving (with the serving's weight), and optionally what the numbers describe. Checked here
 * against the API's bounds; what only the server checks (energy agreeing with the macros) comes
 * back next to its field.
 */
export function FoodForm({ food, initialName = "", onSaved, onCancel }: FoodFormProps) {
  const create = useCreateFood();
  const update = useUpdateFood(food?.id ?? "");
  const save = food ? update : create;
  const [start] = useState(() => initialValues(food));
  const [name, setName] = useState(food?.name ?? initialName);
  const [basis, setBasis] = useState<Basis>(start.basis);
  const [servingGrams, setServingGrams] = useState(start.servingGrams);
  const [values, setValues] = useState(start.values);
  // A label's food is eaten as sold unless the user says otherwise (the server's default too).
  const [state, setState] = useState<FoodState>(food?.state ?? "ready");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const focus = useFocusFirstInvalid();
  const basisName = useId();

  const refusal = save.error instanceof ApiError && save.error.status === 400 ? save.error : null;
  const server = serverFieldErrors(refusal, (field) => field in FIELD_NAMES);
  const shownErrors = { ...server.fields, ...errors };

  /** The per-100 g values of what is typed, when it reads as a label; null while incomplete. */
  function read(): { input: LabelFoodInput; per100g: Macros } | { problems: typeof errors } {
    const problems: typeof errors = {};
    const trimmed = name.trim();
    if (trimmed === "") problems.name = "Enter the food's name.";
    else if (trimmed.length > FOOD_NAME_MAX) problems.name = `At most ${FOOD_NAME_MAX} characters.`;
    const numbers = {} as Macros;
    for (const { key } of MACRO_FIELDS) {
      const amount = readAmount(values[key], { max: maxOf(key, basis) });
      if (amount.value === null) problems[key] = amount.error;
      else numbers[key] = amount.value;
    }
    let grams = 100;
    if (basis === "perServing") {
      const serving = readAmount(servingGrams, { max: MAX_SERVING_GRAMS });
      if (serving.value === null) problems.servingGrams = serving.error;
      else if (serving.value === 0) problems.servingGrams = "A serving weighs more than 0 g.";
      else grams = serving.value;
    }
    if (Object.keys(problems).length > 0) return { problems };
    const per100g = basis === "perServing" ? servingPer100g(numbers, grams) : numbers;
    for (const problem of per100gProblems(per100g)) {
      problems[problem.key] ??=
        basis === "perServing"
          ? `Check the label: that is ${problem.message} (${grams} g a serving).`
          : `Check the label: ${problem.message}.`;
    }
    if (Object.keys(problems).length > 0) return { problems };
    const input: LabelFoodInput =
      basis === "perServing"
        ? { name: trimmed, state, perServing: numbers, servingGrams: grams }
        : { name: trimmed, state, per100g: numbers };
    return { input, per100g };
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
    const body = food ? changes(food, typed.input) : typed.input;
    if (food && Object.keys(body).length === 0) onSaved(food);
    else
      save.mutate(body as LabelFoodInput, {
        onSuccess: ({ food: saved }) => onSaved(saved),
        onError: focus.refused,
      });
  }

  const typed = read();
  const per100gPreview = basis === "perServing" && "per100g" in typed ? typed.per100g : null;
  const change = (apply: () => void) => {
    apply();
    if (save.isError) save.reset(); // the refusal was about what is being changed now
  };

  return (
    <form ref={focus.ref} className={styles.form} onSubmit={onSubmit} noValidate>
      <FoodFormHead
        error={save.error}
        otherProblems={server.other}
        refused={refusal !== null}
        notSavedTitle={food ? "The food was not saved" : "The food was not created"}
        name={name}
        onNameChange={(value) => change(() => setName(value))}
        nameError={shownErrors.name}
      />
      <fieldset className={styles.basis}>
        <legend className={styles.legend}>The label gives its values</legend>
        <div className={styles.choices}>
          {(
            [
              ["per100g", "Per 100 g"],
              ["perServing", "Per serving"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className={styles.choice}>
              <input
                type="radio"
                name={basisName}
                value={value}
                checked={basis === value}
                onChange={() => change(() => setBasis(value))}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {basis === "perServing" && (
        <TextField
          label="Serving size (g)"
          type="number"
          inputMode="decimal"
          min={0}
          max={MAX_SERVING_GRAMS}
          step="any"
          value={servingGrams}
          onChange={(event) => change(() => setServingGrams(event.target.value))}
          error={shownErrors.servingGrams}
          hint="The weight the label's values are for, e.g. 30 g."
          required
        />
      )}
      <div className={styles.amounts}>
        {MACRO_FIELDS.map(({ key, label }) => (
          <TextField
            key={key}
            label={basis === "perServing" ? `${label} per serving` : `${label} per 100 g`}
            type="number"
            inputMode="decimal"
            min={0}
            max={maxOf(key, basis)}
            step="any"
            value={values[key]}
            onChange={(event) =>
              change(() => setValues((current) => ({ ...current, [key]: event.target.value })))
            }
            error={shownErrors[key]}
            required
          />
        ))}
      </div>
      {shownErrors.macros && (
        <p className={styles.error} role="alert">
          {shownErrors.macros}
        </p>
      )}
      {per100gPreview && <NutritionSummary live rows={[{ label: "Per 100 g", values: per100gPreview }]} />}
      <SelectField
        label="The numbers describe the food"
        value={state}
        onChange={(event) => change(() => setState(event.target.value as FoodState))}
        error={shownErrors.state}
        hint="Cooked rice and raw rice are different foods: say which one the label describes."
        options={FOOD_STATES.map((value) => ({ value, label: FOOD_STATE_LABELS[value] }))}
      />
      <div className={styles.footer}>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" busy={save.isPending}>
          {food ? "Save food" : "Create food"}
        </Button>
      </div>
    </form>
  );
}

/** The most a value may be as typed: per 100 g the API's bounds, per serving a serving's most. */
function maxOf(key: keyof Macros, basis: Basis): number {
  const per100g = key === "kcal" ? MAX_KCAL_PER_100G : MAX_MACRO_GRAMS_PER_100G;
  return basis === "per100g" ? per100g : (per100g * MAX_SERVING_GRAMS) / 100;
}

/** The form's fields the server may name (`details.fields[].path`, see fieldOf). */
const FIELD_NAMES: Record<Field, true> = {
  name: true,
  servingGrams: true,
  state: true,
  macros: true,
  kcal: true,
  protein: true,
  fat: true,
  carbs: true,
};

/** A PATCH of what changed: the name, the state, the label's numbers only when one of them did. */
function changes(food: FoodAnswer, input: LabelFoodInput): Partial<LabelFoodInput> {
  const start = initialValues(food);
  const numbers = "perServing" in input ? input.perServing : input.per100g;
  const numbersChanged =
    ("perServing" in input ? "perServing" : "per100g") !== start.basis ||
    ("servingGrams" in input && String(input.servingGrams) !== start.servingGrams) ||
    MACRO_KEYS.some((key) => String(numbers[key]) !== start.values[key]);
  const { name, state, ...label } = input;
  return {
    ...(name !== food.name && { name }),
    ...(state !== undefined && state !== food.state && { state }),
    ...(numbersChanged && label),
  } as Partial<LabelFoodInput>;
}
