/**
 * Shared with the browser (no `server-only`): the bounds of an account's fields, read by the auth
 * library's settings, the request schemas (./inputs.ts) and the sign-up and account forms.
 */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;
/** The longest display name stored; it is read with every session. */
export const MAX_NAME_LENGTH = 100;
