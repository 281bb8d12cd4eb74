"use client";

import { type FormEvent, useState } from "react";
import { ApiError } from "@/components/api";
import { AddAgain } from "@/components/foods/add-again";
import { FoodSearchField } from "@/components/foods/food-search-field";
import { energyBasisNote, FOOD_SOURCE_LABELS } from "@/components/foods/food-sources";
import { useOwnFoodCreator } from "@/components/foods/own-food-creator";
import type { FoodOption } from "@/components/foods/use-food-search";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { MACRO_KEYS, macrosForPortion } from "@/lib/meals/macros";
import styles from "./diary-dialogs.module.css";
import { useAddItem } from "./diary-mutations";
import { readAmount } from "./read-amount";

const AMOUNTS = [
  { key: "grams", label: "Portion (g)", max: 5000 },
  { key: "kcal", label: "Calories (kcal)", max: 20000 },
  { key: "protein", label: "Protein (g)", max: 2000 },
  { key: "fat", label: "Fat (g)", max: 2000 },
  { key: "carbs", label: "Carbs (g)", max: 2000 },
] as const;

type AmountKey = (typeof AMOUNTS)[number]["key"];

const DEFAULT_PORTION_GRAMS = 100;

interface AddItemDialogProps {
  open: boolean;
  mealId: string;
  mealTitle: string;
  date: string;
  onClose: () => void;
}

/**
 * Adds a food by hand to a meal (POST /api/meals/:id/items), e.g. a drink that was not in the
 * photo: search the food table (or type any name), set the portion, and the macros follow.
 */
export function AddItemDialog({ open, mealId, mealTitle, date, onClose }: AddItemDialogProps) {
  return (
    <Dialog open={open} title={`Add food to ${mealTitle}`} onClose={onClose}>
      {open && <AddItemForm mealId={mealId} date={date} onDone={onClose} />}
    </Dialog>
  );
}

function AddItemForm({ mealId, date, onDone }: { mealId: string; date: string; onDone: () => void }) {
  const add = useAddItem(date, mealId);
  const [name, setName] = useState("");
  const [food, setFood] = useState<FoodOption | null>(null);
  const [values, setValues] = useState<Record<AmountKey, string>>({
    grams: "",
    kcal: "",
    protein: "0",
    fat: "0",
    carbs: "0",
  });
  const [errors, setErrors] = useState<Partial<Record<AmountKey | "name", string>>>({});

  /** Fills the name and the macros of `grams` of the food; the numbers stay editable. */
  function withPortion(of: FoodOption, grams: number, typedGrams = String(grams)) {
    const macros = macrosForPortion(of.per100g, grams);
    const filled = { grams: typedGrams } as Record<AmountKey, string>;
    for (const key of MACRO_KEYS) filled[key] = String(macros[key]);
    setValues(filled);
  }

  function pick(picked: FoodOption) {
    setFood(picked);
    setName(picked.name);
    const typed = readAmount(values.grams, { max: 5000 }).value;
    withPortion(picked, picked.recent?.lastGrams ?? (typed || DEFAULT_PORTION_GRAMS));
  }

  const creator = useOwnFoodCreator(pick);

  function change(key: AmountKey, raw: string) {
    const grams = key === "grams" ? readAmount(raw, { max: 5000 }).value : null;
    if (food && grams !== null)
      withPortion(food, grams, raw); // a new portion of the same food
    else setValues((current) => ({ ...current, [key]: raw }));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: typeof errors = {};
    const numbers = {} as Record<AmountKey, number>;
    for (const { key, max } of AMOUNTS) {
      const amount = readAmount(values[key], { max });
      if (amount.value === null) found[key] = amount.error;
      else numbers[key] = amount.value;
    }
    if (name.trim() === "") found.name = "Enter a name.";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    add.mutate({ name: name.trim(), ...numbers, foodId: food?.id ?? null }, { onSuccess: onDone });
  }

  const serverError = add.error instanceof ApiError ? add.error : null;
  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      {add.error && <Alert title="The food was not added">{serverError?.message ?? add.error.message}</Alert>}
      <AddAgain
        busy={add.isPending}
        onAdd={(again, grams) =>
          add.mutate(
            { name: again.name, grams, ...macrosForPortion(again.per100g, grams), foodId: again.id },
            { onSuccess: onDone },
          )
        }
      />
      <FoodSearchField
        label="Food"
        value={name}
        placeholder="Search foods, e.g. banana"
        onPick={pick}
        noMatch={
          <p>Keep it as the name and enter its calories and macros below, or make it a food of your own.</p>
        }
        onCreate={(kind, field) => creator.open(kind, name, field)}
        onType={(typed) => {
          setName(typed);
          if (food && typed !== food.name) setFood(null);
        }}
        hint={
          food
            ? `Per 100 g from ${FOOD_SOURCE_LABELS[food.source]}: the macros follow the portion.${energyBasisNote(food)}`
            : "Pick a food to fill in its macros, or type any name and enter the numbers."
        }
        error={errors.name}
      />
      {creator.dialog}
      <div className={styles.amounts}>
        {AMOUNTS.map(({ key, label, max }) => (
          <TextField
            key={key}
            label={label}
            type="number"
            inputMode="decimal"
            min={0}
            max={max}
            step="any"
            value={values[key]}
            onChange={(event) => change(key, event.target.value)}
            error={errors[key]}
            required
          />
        ))}
      </div>
      <div className={styles.footer}>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" busy={add.isPending}>
          Add food
        </Button>
      </div>
    </form>
  );
}
