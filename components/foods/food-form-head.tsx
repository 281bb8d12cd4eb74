"use client";

import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";
import { FOOD_NAME_MAX } from "@/lib/foods/food-numbers";

interface FoodFormHeadProps {
  /** The save's error, if it failed. */
  error: Error | null;
  /** Problems of a 400 that name no field of the form (shown in the alert); empty otherwise. */
  otherProblems: string[];
  /** Whether the error is a 400 whose field problems show next to their fields. */
  refused: boolean;
  notSavedTitle: string;
  name: string;
  onNameChange: (name: string) => void;
  nameError?: string;
}

/**
 * The top of the food and recipe forms: why the last save failed (unless every problem shows at
 * its field), then the name.
 */
export function FoodFormHead({
  error,
  otherProblems,
  refused,
  notSavedTitle,
  name,
  onNameChange,
  nameError,
}: FoodFormHeadProps) {
  return (
    <>
      {error && (!refused || otherProblems.length > 0) && (
        <Alert title={notSavedTitle}>{refused ? otherProblems.join(" ") : error.message}</Alert>
      )}
      <TextField
        label="Name"
        value={name}
        maxLength={FOOD_NAME_MAX}
        autoComplete="off"
        onChange={(event) => onNameChange(event.target.value)}
        error={nameError}
        required
      />
    </>
  );
}
