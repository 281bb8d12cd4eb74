"use client";

import { type FormEvent, useState } from "react";
import type { Diary } from "@/components/queries";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import styles from "./diary-dialogs.module.css";
import { useSaveGoals } from "./diary-mutations";
import { readAmount } from "./read-amount";

type Goals = Diary["goals"];

const FIELDS = [
  { key: "kcal", label: "Calories (kcal)", min: 500, max: 10000 },
  { key: "protein", label: "Protein (g)", min: 0, max: 1000 },
  { key: "fat", label: "Fat (g)", min: 0, max: 1000 },
  { key: "carbs", label: "Carbs (g)", min: 0, max: 2000 },
] as const;

/** The user's daily calorie and macro goals (PUT /api/goals); every day's bars use them. */
export function GoalsDialog({ open, goals, onClose }: { open: boolean; goals: Goals; onClose: () => void }) {
  return (
    <Dialog open={open} title="Daily goals" onClose={onClose}>
      {open && <GoalsForm goals={goals} onDone={onClose} />}
    </Dialog>
  );
}

function GoalsForm({ goals, onDone }: { goals: Goals; onDone: () => void }) {
  const save = useSaveGoals();
  const [values, setValues] = useState(() =>
    Object.fromEntries(FIELDS.map(({ key }) => [key, String(goals[key])])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const next = { ...goals };
    for (const { key, min, max } of FIELDS) {
      const amount = readAmount(values[key] ?? "", { min, max, integer: true });
      if (amount.value === null) found[key] = amount.error;
      else next[key] = amount.value;
    }
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate(next, { onSuccess: onDone });
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      {save.error && <Alert title="The goals were not saved">{save.error.message}</Alert>}
      <div className={styles.amounts}>
        {FIELDS.map(({ key, label, min, max }) => (
          <TextField
            key={key}
            label={label}
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            step={1}
            value={values[key] ?? ""}
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
        <Button type="submit" busy={save.isPending}>
          Save goals
        </Button>
      </div>
    </form>
  );
}
