import "server-only";
import { z } from "zod";

// Postgres stores neither NUL characters nor unpaired UTF-16 surrogates in text or jsonb.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (value: string) => !value.includes("\u0000") && !UNPAIRED_SURROGATE.test(value);

/** Free text a user sends (names, ids of their own): trimmed, bounded, and storable. */
export function userText(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .refine(storable, { message: "contains characters that cannot be stored" });
}
