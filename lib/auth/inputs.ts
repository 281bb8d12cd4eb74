import { z } from "zod";
import { userText } from "@/lib/validation/text";

/** Shared by the auth library's settings, the request schemas below and the sign-up form. */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;
/** The longest display name stored; it is read with every session. */
export const MAX_NAME_LENGTH = 100;

const email = z.email().max(254);
const newPassword = z.string().min(PASSWORD_LENGTH.min).max(PASSWORD_LENGTH.max);
const givenPassword = z.string().min(1).max(PASSWORD_LENGTH.max);

export const signUpBody = z.object({ email, password: newPassword, name: userText(MAX_NAME_LENGTH) });
export const signInBody = z.object({ email, password: givenPassword, rememberMe: z.boolean().optional() });
export const changePasswordBody = z.object({ currentPassword: givenPassword, newPassword });
