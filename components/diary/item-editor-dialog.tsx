"use client";

import { type FormEvent, useState } from "react";
import { FoodSearchField } from "@/components/foods/food-search-field";
import { energyBasisNote, FOOD_SOURCE_LABELS } from "@/components/foods/food-sources";
import { useOwnFoodCreator } from "@/components/foods/own-food-creator";
import type { FoodOption } from "@/components/foods/use-food-search";
import { formatKcal } from "@/components/format";
import { Macros } from "@/components/meals/macros";
import type { DiaryItem } from "@/components/queries";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { macrosForPortion } from "@/lib/meals/macros";
import styles from "./diary-dialogs.module.css";
import { scaleItem, useUpdateItem } from "./diary-mutations";
import { readAmount } from "./read-amount";

interface ItemEditorDialogProps {
  item: DiaryItem | null;
  date: string;
  onClose: () => void;
  /** Deletes the item (with Undo); the dialog closes. */
  onDelete: (item: DiaryItem) => void;
}

/**
 * Rename an item, change its portion (the macros follow the grams, previewed live), or delete it.
 * Renaming through the food search takes that food's macros; a typed name keeps the numbers.
 * Saving closes at once: the diary shows the change optimistically and a toast reports a refusal.
 * Deleting closes too, and leaves the item's Undo to the caller.
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

function ItemEditorForm({ item, date, onDone, onDelete }: ItemEditorFormProps) {
  const update = useUpdateItem(date);
  const [name, setName] = useState(item.name);
  const [food, setFood] = useState<FoodOption | null>(null);
  const [grams, setGrams] = useState(String(item.grams));
  const [errors, setErrors] = useState<{ name?: string; grams?: string }>({});
  const amount = readAmount(grams, { max: 5000 });
  const portion = amount.value ?? item.grams;
  const preview = food ? macrosForPortion(food.per100g, portion) : scaleItem(item, portion);
  const typedName = !food && name.trim() !== item.name;
  const creator = useOwnFoodCreator((created) => {
    setFood(created);
    setName(created.name);
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    const nameError =
      trimmed === "" ? "Enter a name." : trimmed.length > 120 ? "At most 120 characters." : undefined;
    setErrors({ name: nameError, grams: amount.error ?? undefined });
    if (nameError || amount.value === null) return;
    // Only what changed: grams alone lets the server scale the macros, a food its own macros.
    const patch = {
      ...(food ? { foodId: food.id } : trimmed !== item.name && { name: trimmed }),
      ...(amount.value !== item.grams && { grams: amount.value }),
    };
    if (Object.keys(patch).length > 0) update.mutate({ item, patch, food: food ?? undefined });
    onDone();
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      <FoodSearchField
        label="Food"
        value={name}
        onPick={(picked) => {
          setFood(picked);
          setName(picked.name);
        }}
        onType={(typed) => {
          setName(typed);
          setFood(null);
        }}
        noMatch={
          <p>
            Keep it as the name: the calories and macros below stay as they are, and you can change them. Or
            make it a food of your own.
          </p>
        }
        onCreate={(kind, field) => creator.open(kind, name, field)}
        hint={
          food
            ? `Calories and macros from ${FOOD_SOURCE_LABELS[food.source]} for the portion.${energyBasisNote(food)}`
            : typedName
              ? "A typed name keeps the calories and macros as they are; pick a food to take its values."
              : "Search to change the food: its calories and macros follow."
        }
        error={errors.name}
      />
      {creator.dialog}
      <TextField
        label="Portion (grams)"
        type="number"
        inputMode="decimal"
        min={0}
        max={5000}
        step="any"
        value={grams}
        onChange={(event) => setGrams(event.target.value)}
        error={errors.grams}
        hint="Calories and macros follow the portion."
        required
      />
      <p className={styles.preview} aria-live="polite">
        <strong>{formatKcal(preview.kcal)}</strong> <Macros values={preview} />
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
