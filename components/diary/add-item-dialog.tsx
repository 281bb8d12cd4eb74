"use client";

import { type FormEvent, useState } from "react";
import { ApiError } from "@/components/api";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
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

interface AddItemDialogProps {
  open: boolean;
  mealId: string;
  mealTitle: string;
  date: string;
  onClose: () => void;
}

/** Adds a food by hand to a meal (POST /api/meals/:id/items), e.g. a drink that was not in the photo. */
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
  const [values, setValues] = useState<Record<AmountKey, string>>({
    grams: "",
    kcal: "",
    protein: "0",
    fat: "0",
    carbs: "0",
  });
  const [errors, setErrors] = useState<Partial<Record<AmountKey | "name", string>>>({});

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
    add.mutate({ name: name.trim(), ...numbers }, { onSuccess: onDone });
  }

  const serverError = add.error instanceof ApiError ? add.error : null;
  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      {add.error && <Alert title="The food was not added">{serverError?.message ?? add.error.message}</Alert>}
      <TextField
        label="Name"
        value={name}
        maxLength={120}
        placeholder="e.g. Orange juice"
        onChange={(event) => setName(event.target.value)}
        error={errors.name}
        required
      />
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
            onChange={(event) => setValues((current) => ({ ...current, [key]: event.target.value }))}
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
