"use client";

import { TextField } from "@/components/ui/field";
import { MACRO_KEYS, type Macros } from "@/lib/meals/macros";
import styles from "./diary-dialogs.module.css";
import { readAmount } from "./read-amount";

type MacroKey = (typeof MACRO_KEYS)[number];

/** The numbers of an item as typed: kcal, protein, fat and carbs, for the whole portion. */
export type TypedNumbers = Record<MacroKey, string>;

const FIELDS: Record<MacroKey, { label: string; max: number }> = {
  kcal: { label: "Calories (kcal)", max: 20000 },
  protein: { label: "Protein (g)", max: 2000 },
  fat: { label: "Fat (g)", max: 2000 },
  carbs: { label: "Carbs (g)", max: 2000 },
};

export const EMPTY_NUMBERS: TypedNumbers = { kcal: "", protein: "", fat: "", carbs: "" };

/** Macros as the fields show them. */
export function typedNumbers(macros: Macros): TypedNumbers {
  return {
    kcal: String(macros.kcal),
    protein: String(macros.protein),
    fat: String(macros.fat),
    carbs: String(macros.carbs),
  };
}

/** The typed numbers read against the API's bounds: the values, or an error per field. */
export function readNumbers(typed: TypedNumbers): { values: Macros | null; errors: Partial<TypedNumbers> } {
  const values = {} as Macros;
  const errors: Partial<TypedNumbers> = {};
  for (const key of MACRO_KEYS) {
    const amount = readAmount(typed[key], { max: FIELDS[key].max });
    if (amount.value === null) errors[key] = amount.error;
    else values[key] = amount.value;
  }
  return { values: Object.keys(errors).length > 0 ? null : values, errors };
}

interface NumberFieldsProps {
  values: TypedNumbers;
  errors: Partial<TypedNumbers>;
  onChange: (key: MacroKey, value: string) => void;
}

/** The four numbers of an item, labelled for the portion they describe. */
export function NumberFields({ values, errors, onChange }: NumberFieldsProps) {
  return (
    <div className={styles.amounts}>
      {MACRO_KEYS.map((key) => (
        <TextField
          key={key}
          label={FIELDS[key].label}
          type="number"
          inputMode="decimal"
          min={0}
          max={FIELDS[key].max}
          step="any"
          value={values[key]}
          onChange={(event) => onChange(key, event.target.value)}
          error={errors[key]}
          required
        />
      ))}
    </div>
  );
}
