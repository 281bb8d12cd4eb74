"use client";

import { type FormEvent, useState } from "react";
import { ApiError } from "@/components/api";
import { AddAgain } from "@/components/foods/add-again";
import { FoodSearchField } from "@/components/foods/food-search-field";
import { energyBasisNote, FOOD_SOURCE_LABELS } from "@/components/foods/food-sources";
import { useOwnFoodCreator } from "@/components/foods/own-food-creator";
import { PortionPicker } from "@/components/foods/portion-picker";
import { GRAMS, initialPortion, type PortionValue, readPortion } from "@/components/foods/portions";
import type { FoodOption } from "@/components/foods/use-food-search";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { macrosForPortion } from "@/lib/meals/macros";
import { MAX_ITEM_GRAMS } from "@/lib/meals/meal-limits";
import styles from "./diary-dialogs.module.css";
import { useAddItem } from "./diary-mutations";
import { EMPTY_NUMBERS, NumberFields, readNumbers, type TypedNumbers, typedNumbers } from "./item-numbers";

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
 * photo: search the food table (or type any name), set the portion — a count of one of the food's
 * household portions, or grams — and the macros follow.
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
  const [amount, setAmount] = useState<PortionValue>({ unit: GRAMS, amount: "" });
  const [numbers, setNumbers] = useState<TypedNumbers>({
    ...EMPTY_NUMBERS,
    protein: "0",
    fat: "0",
    carbs: "0",
  });
  const [errors, setErrors] = useState<{ name?: string; amount?: string; numbers?: Partial<TypedNumbers> }>(
    {},
  );

  /** A new amount; of a picked food, its macros follow (and stay editable). */
  function changeAmount(of: FoodOption | null, value: PortionValue) {
    setAmount(value);
    const grams = readPortion(of, value).grams;
    if (of && grams !== null) setNumbers(typedNumbers(macrosForPortion(of.per100g, grams)));
  }

  function pick(picked: FoodOption) {
    setFood(picked);
    setName(picked.name);
    const typed = readPortion(null, { unit: GRAMS, amount: amount.amount }).grams;
    changeAmount(
      picked,
      initialPortion(picked, null, picked.recent?.lastGrams ?? (typed || DEFAULT_PORTION_GRAMS)),
    );
  }

  const creator = useOwnFoodCreator(pick);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readPortion(food, amount);
    const typed = readNumbers(numbers);
    setErrors({
      name: name.trim() === "" ? "Enter a name." : undefined,
      amount: read.error ?? undefined,
      numbers: typed.errors,
    });
    if (name.trim() === "" || read.grams === null || !typed.values) return;
    add.mutate(
      {
        name: name.trim(),
        ...typed.values,
        foodId: food?.id ?? null,
        // A portion gives the grams on the server (count × its grams).
        ...(read.portion ? { portion: read.portion } : { grams: read.grams }),
      },
      { onSuccess: onDone },
    );
  }

  const serverError = add.error instanceof ApiError ? add.error : null;
  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      {add.error && <Alert title="The food was not added">{serverError?.message ?? add.error.message}</Alert>}
      <AddAgain
        busy={add.isPending}
        onAdd={(again, grams, portion) =>
          add.mutate(
            // A portion gives the grams and the macros on the server.
            portion
              ? { name: again.name, foodId: again.id, portion }
              : { name: again.name, grams, ...macrosForPortion(again.per100g, grams), foodId: again.id },
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
          if (food && typed !== food.name) {
            // The picked food's numbers are not this name's: the user enters them.
            setFood(null);
            setAmount({ unit: GRAMS, amount: String(readPortion(food, amount).grams ?? "") });
            setNumbers(EMPTY_NUMBERS);
          }
        }}
        hint={
          food
            ? `Per 100 g from ${FOOD_SOURCE_LABELS[food.source]}: the macros follow the portion.${energyBasisNote(food)}`
            : "Pick a food to fill in its macros, or type any name and enter the numbers."
        }
        error={errors.name}
      />
      {creator.dialog}
      {food ? (
        <PortionPicker
          food={food}
          value={amount}
          onChange={(value) => changeAmount(food, value)}
          onFoodChange={(changed) => setFood({ ...food, ...changed })}
          error={errors.amount}
        />
      ) : (
        <TextField
          label="Portion (g)"
          type="number"
          inputMode="decimal"
          min={0}
          max={MAX_ITEM_GRAMS}
          step="any"
          value={amount.amount}
          onChange={(event) => setAmount({ unit: GRAMS, amount: event.target.value })}
          error={errors.amount}
          required
        />
      )}
      <NumberFields
        values={numbers}
        errors={errors.numbers ?? {}}
        onChange={(key, raw) => setNumbers((current) => ({ ...current, [key]: raw }))}
      />
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
