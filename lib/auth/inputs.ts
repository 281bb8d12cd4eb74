import "server-only";
import { z } from "zod";
import { userText } from "@/lib/validation/text";
import { MAX_NAME_LENGTH, PASSWORD_LENGTH } from "./account-limits";

const email = z.email().max(254);
const newPassword = z.string().min(PASSWORD_LENGTH.min).max(PASSWORD_LENGTH.max);
const givenPassword = z.string().min(1).max(PASSWORD_LENGTH.max);

export const signUpBody = z.object({ email, password: newPassword, name: userText(MAX_NAME_LENGTH) });
export const signInBody = z.object({ email, password: givenPassword, rememberMe: z.boolean().optional() });
export const changePasswordBody = z.object({ currentPassword: givenPassword, newPassword });
