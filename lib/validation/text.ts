import { z } from "zod";

// Postgres stores neither NUL characters nor unpaired UTF-16 surrogates in text or jsonb.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Free text a user sends (names, ids of their own): trimmed, bounded, and storable. */
export function userText(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .refine((value) => !UNSTORABLE.test(value), { message: "contains characters that cannot be stored" });
}
