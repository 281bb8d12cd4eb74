"use client";

import { type FormEvent, useState } from "react";
import { FoodSearchField } from "@/components/foods/food-search-field";
import { energyBasisNote, FOOD_SOURCE_LABELS } from "@/components/foods/food-sources";
import { useOwnFoodCreator } from "@/components/foods/own-food-creator";
import { PortionPicker } from "@/components/foods/portion-picker";
import {
  GRAMS,
  type ItemPortion,
  initialPortion,
  type PortionedFood,
  type PortionValue,
  readPortion,
} from "@/components/foods/portions";
import type { FoodOption } from "@/components/foods/use-food-search";
import { formatKcal } from "@/components/format";
import { Macros } from "@/components/meals/macros";
import { type DiaryItem, useFood } from "@/components/queries";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { macrosForPortion } from "@/lib/meals/macros";
import { MAX_ITEM_GRAMS } from "@/lib/meals/meal-limits";
import styles from "./diary-dialogs.module.css";
import { type ItemPatch, scaleItem, useUpdateItem } from "./diary-mutations";
import { EMPTY_NUMBERS, NumberFields, readNumbers, type TypedNumbers, typedNumbers } from "./item-numbers";

interface ItemEditorDialogProps {
  item: DiaryItem | null;
  date: string;
  onClose: () => void;
  /** Deletes the item (with Undo); the dialog closes. */
  onDelete: (item: DiaryItem) => void;
}

/**
 * Rename an item, change its portion (a count of one of its food's household portions, or grams;
 * the macros follow, previewed live), or delete it. Picking a food through the search takes that
 * food's macros; a typed name that picks none needs its numbers (the rename rule, DESIGN §5): the
 * old ones are offered, never kept silently. Saving closes at once: the diary shows the change
 * optimistically and a toast reports a refusal. Deleting closes too, and leaves the item's Undo to
 * the caller.
 */
export function ItemEditorDialog({ item, date, onClose, onDelete }: ItemEditorDialogProps) {
  return (
    <Dialog open={item !== null} title="Edit food" onClose={onClose}>
      {item && (
        <ItemEditorForm
          key={item.id}
          item={item}
          date={date}
          onDone={onClose}
          onDelete={() => {
            onDelete(item);
            onClose();
          }}
        />
      )}
    </Dialog>
  );
}

interface ItemEditorFormProps {
  item: DiaryItem;
  date: string;
  onDone: () => void;
  onDelete: () => void;
}

const samePortion = (a: ItemPortion | null, b: ItemPortion | null) =>
  a?.label === b?.label && a?.count === b?.count;

function ItemEditorForm({ item, date, onDone, onDelete }: ItemEditorFormProps) {
  const update = useUpdateItem(date);
  const [name, setName] = useState(item.name);
  const [picked, setPicked] = useState<FoodOption | null>(null);
  // The item's own food, for its portions; a rename leaves it.
  const linked = useFood(picked ? null : item.foodId);
  const [linkedFood, setLinkedFood] = useState<PortionedFood | null>(null);
  const typedName = !picked && name.trim() !== item.name;
  const food: PortionedFood | null = picked ?? (typedName ? null : (linkedFood ?? linked.data ?? null));
  // Untouched, the picker shows the item's own portion once its food is known.
  const [chosen, setChosen] = useState<PortionValue | null>(null);
  const value = chosen ?? initialPortion(food, item.portion, item.grams);
  const shown: PortionValue =
    food || value.unit === GRAMS ? value : { unit: GRAMS, amount: String(item.grams) };
  const read = readPortion(food, shown);
  const grams = read.grams ?? item.grams;
  const [numbers, setNumbers] = useState<TypedNumbers>(EMPTY_NUMBERS);
  const [errors, setErrors] = useState<{ name?: string; amount?: string; numbers?: Partial<TypedNumbers> }>(
    {},
  );
  const typed = readNumbers(numbers);
  const preview = picked
    ? macrosForPortion(picked.per100g, grams)
    : typedName
      ? (typed.values ?? { kcal: 0, protein: 0, fat: 0, carbs: 0 })
      : scaleItem(item, grams);
  const creator = useOwnFoodCreator((created) => {
    setPicked(created);
    setName(created.name);
    setChosen(initialPortion(created, null, grams));
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    const nameError =
      trimmed === "" ? "Enter a name." : trimmed.length > 120 ? "At most 120 characters." : undefined;
    const numberErrors = typedName ? typed.errors : {};
    setErrors({ name: nameError, amount: read.error ?? undefined, numbers: numberErrors });
    if (nameError || read.grams === null || (typedName && !typed.values)) return;
    const portion = read.portion;
    // Only what changed: a portion or grams alone lets the server scale the macros, a food its own;
    // an amount left untouched (its food maybe still loading) is not sent.
    const amount: ItemPatch =
      chosen === null && !picked
        ? {}
        : portion
          ? samePortion(portion, item.portion) && !picked
            ? {}
            : { portion }
          : read.grams !== item.grams || item.portion || picked
            ? { grams: read.grams }
            : {};
    const patch: ItemPatch = picked
      ? { foodId: picked.id, ...amount }
      : typedName
        ? { name: trimmed, ...(read.grams !== item.grams && { grams: read.grams }), ...typed.values }
        : amount;
    if (Object.keys(patch).length > 0) {
      update.mutate({
        item,
        patch,
        edited: {
          ...item,
          ...preview,
          grams: read.grams,
          portion: typedName ? null : chosen === null && !picked ? item.portion : portion,
          ...(picked && { name: picked.name, foodId: picked.id, example: false }),
          ...(typedName && { name: trimmed, foodId: null, example: false, source: "manual" as const }),
        },
      });
    }
    onDone();
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      <FoodSearchField
        label="Food"
        value={name}
        onPick={(food) => {
          setPicked(food);
          setName(food.name);
          // The food's last portion is the default; else the weight shown so far.
          setChosen(initialPortion(food, null, grams));
        }}
        onType={(text) => {
          setName(text);
          if (picked || value.unit !== GRAMS) setChosen({ unit: GRAMS, amount: String(grams) });
          setPicked(null);
        }}
        noMatch={
          <p>
            Pick another spelling from the list, enter this food's numbers below, or make it a food of your
            own.
          </p>
        }
        onCreate={(kind, field) => creator.open(kind, name, field)}
        hint={
          picked
            ? `Calories and macros from ${FOOD_SOURCE_LABELS[picked.source]} for the portion.${energyBasisNote(picked)}`
            : typedName
              ? "A new name needs its numbers: pick a food from the list, or enter them below."
              : "Search to change the food: its calories and macros follow."
        }
        error={errors.name}
      />
      {creator.dialog}
      {food ? (
        <PortionPicker
          food={food}
          value={shown}
          onChange={setChosen}
          onFoodChange={(changed) => (picked ? setPicked({ ...picked, ...changed }) : setLinkedFood(changed))}
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
          value={shown.amount}
          onChange={(event) => setChosen({ unit: GRAMS, amount: event.target.value })}
          error={errors.amount}
          hint={typedName ? undefined : "Calories and macros follow the portion."}
          required
        />
      )}
      {typedName && (
        <fieldset className={styles.numbers}>
          <legend>Numbers for this portion of “{name.trim()}”</legend>
          <p className={styles.numbersHint}>
            The numbers of {item.name} are not kept for a new name. Enter this food's, from its label or a
            table.
          </p>
          <NumberFields
            values={numbers}
            errors={errors.numbers ?? {}}
            onChange={(key, raw) => setNumbers((current) => ({ ...current, [key]: raw }))}
          />
          <Button
            variant="ghost"
            size="small"
            className={styles.keep}
            onClick={() => setNumbers(typedNumbers(scaleItem(item, grams)))}
          >
            Use the numbers of {item.name}
          </Button>
        </fieldset>
      )}
      <p className={styles.preview} aria-live="polite">
        {typedName && !typed.values ? (
          "Enter the numbers to see them here."
        ) : (
          <>
            <strong>{formatKcal(preview.kcal)}</strong> <Macros values={preview} />
          </>
        )}
      </p>
      <div className={styles.footer}>
        <Button variant="ghost" className={styles.danger} onClick={onDelete}>
          Delete item
        </Button>
        <span className={styles.spacer} />
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit">Save</Button>
      </div>
    </form>
  );
}
