/** Reads a number typed into a form field against the API's bounds; the error is for the field. */
export function readAmount(
  raw: string,
  { min = 0, max, integer = false }: { min?: number; max: number; integer?: boolean },
): { value: number; error: null } | { value: null; error: string } {
  const value = Number(raw.trim().replace(",", "."));
  if (raw.trim() === "" || !Number.isFinite(value)) return { value: null, error: "Enter a number." };
  if (integer && !Number.isInteger(value)) return { value: null, error: "Enter a whole number." };
  if (value < min || value > max)
    return { value: null, error: `Enter ${min} to ${max.toLocaleString("en-GB")}.` };
  return { value, error: null };
}
