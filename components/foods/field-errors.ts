import type { ApiError } from "@/components/api";

/**
 * The form field a 400's `details.fields[].path` names: a label's value per 100 g or per serving is
 * its macro's field (`perServing.kcal` → `kcal`), the label's values together are `macros` (they
 * add up to more than the food weighs), an ingredient's problem is its row
 * (`ingredients.2.foodId` → `ingredients.2`), anything else its first segment.
 */
export function fieldOf(path: string): string {
  const parts = path.split(".");
  if (parts[0] === "per100g" || parts[0] === "perServing") return parts[1] ?? "macros";
  if (parts[0] === "ingredients" && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    return `ingredients.${parts[1]}`;
  }
  return parts[0] ?? path;
}

/**
 * The server's refusal split for the form: messages next to the fields it shows (the first
 * message of each), and what no field shows, for the form's alert.
 */
export function serverFieldErrors(
  error: ApiError | null,
  shown: (field: string) => boolean,
): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const { path, message } of error?.fields ?? []) {
    const field = fieldOf(path);
    if (!shown(field)) other.push(path ? `${path}: ${message}` : message);
    else fields[field] ??= message;
  }
  return { fields, other };
}
