"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type KeyboardEvent, useState } from "react";
import { api } from "@/components/api";
import { readAmount } from "@/components/diary/read-amount";
import { formatAmount, formatGrams } from "@/components/format";
import { foodKey } from "@/components/query-keys";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { MAX_SERVING_GRAMS } from "@/lib/foods/food-numbers";
import styles from "./portion-picker.module.css";
import { GRAMS, type PortionedFood, type PortionValue, readPortion } from "./portions";

interface PortionPickerProps {
  food: PortionedFood;
  value: PortionValue;
  onChange: (value: PortionValue) => void;
  /** The food with the portion the user just added (PUT /api/foods/:id/portions). */
  onFoodChange: (food: PortionedFood) => void;
  error?: string;
}

/**
 * How much of a food: a count of one of its household portions (its own, from the source or a
 * recipe's pieces, and the user's own) or grams. "Add a portion…" defines the user's own
 * ("katori" = 150 g), remembered for this food; the new portion is then chosen.
 */
export function PortionPicker({ food, value, onChange, onFoodChange, error }: PortionPickerProps) {
  const read = readPortion(food, value);
  const chosen = value.unit !== GRAMS;
  const [adding, setAdding] = useState(false);
  const options = [
    { value: GRAMS, label: "grams" },
    ...food.portions.map((portion) => ({
      value: portion.label,
      label: `${portion.label} (${formatGrams(portion.grams)})${portion.own ? ", yours" : ""}`,
    })),
  ];
  return (
    <div className={styles.picker}>
      <div className={styles.row}>
        <TextField
          label={chosen ? "How many" : "Portion (g)"}
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          value={value.amount}
          onChange={(event) => onChange({ ...value, amount: event.target.value })}
          error={error}
          required
        />
        <SelectField
          label="Unit"
          value={value.unit}
          options={options}
          onChange={(event) => {
            const unit = event.target.value;
            // Grams keep the weight shown; a portion starts at one.
            onChange({ unit, amount: unit === GRAMS ? String(read.grams ?? "") : "1" });
          }}
        />
      </div>
      <p className={styles.total} aria-live="polite">
        {read.portion ? formatAmount(read.grams, read.portion) : ""}
      </p>
      {adding ? (
        <AddPortion
          food={food}
          onAdded={(added, label) => {
            onFoodChange(added);
            onChange({ unit: label, amount: "1" });
            setAdding(false);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <Button variant="ghost" size="small" className={styles.add} onClick={() => setAdding(true)}>
          Add a portion…
        </Button>
      )}
    </div>
  );
}

interface AddPortionProps {
  food: PortionedFood;
  onAdded: (food: PortionedFood, label: string) => void;
  onCancel: () => void;
}

/** The user's own portion of the food, inline (the dialog's form is the only form). */
function AddPortion({ food, onAdded, onCancel }: AddPortionProps) {
  const queryClient = useQueryClient();
  const [label, setLabel] = useState("");
  const [grams, setGrams] = useState("");
  const [errors, setErrors] = useState<{ label?: string; grams?: string }>({});
  const save = useMutation({
    mutationFn: (portion: { label: string; grams: number }) =>
      api<{ food: PortionedFood }>(`/api/foods/${encodeURIComponent(food.id)}/portions`, {
        method: "PUT",
        body: portion,
      }),
    onSuccess: ({ food: saved }, portion) => {
      queryClient.setQueryData(foodKey(saved.id), { food: saved });
      onAdded(saved, portion.label);
    },
  });

  function submit() {
    const trimmed = label.trim();
    const amount = readAmount(grams, { max: MAX_SERVING_GRAMS });
    const found = {
      label:
        trimmed === ""
          ? "Name the portion, e.g. katori."
          : trimmed.length > 40
            ? "At most 40 characters."
            : undefined,
      grams: amount.value === 0 ? "Enter more than 0." : (amount.error ?? undefined),
    };
    setErrors(found);
    if (found.label || found.grams || amount.value === null) return;
    save.mutate({ label: trimmed, grams: amount.value });
  }

  // Enter in these fields adds the portion; it must not submit the dialog's form.
  function onKeyDown(event: KeyboardEvent<HTMLFieldSetElement>) {
    if (event.key !== "Enter" || !(event.target instanceof HTMLInputElement)) return;
    event.preventDefault();
    submit();
  }

  return (
    <fieldset className={styles.adding} onKeyDown={onKeyDown}>
      <legend className={styles.addingTitle}>Your own portion of {food.name}</legend>
      <div className={styles.row}>
        <TextField
          label="Portion name"
          placeholder="katori"
          value={label}
          maxLength={40}
          onChange={(event) => setLabel(event.target.value)}
          error={errors.label}
        />
        <TextField
          label="Grams in one"
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          placeholder="150"
          value={grams}
          onChange={(event) => setGrams(event.target.value)}
          error={errors.grams}
        />
      </div>
      {save.error && (
        <p className={styles.error} role="alert">
          The portion was not saved. {save.error.message}
        </p>
      )}
      <div className={styles.actions}>
        <Button variant="secondary" size="small" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="small" busy={save.isPending} onClick={submit}>
          Save portion
        </Button>
      </div>
    </fieldset>
  );
}
