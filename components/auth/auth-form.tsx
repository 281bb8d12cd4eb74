"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { authClient } from "@/components/auth/auth-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useHydrated } from "@/components/use-hydrated";
import { MAX_NAME_LENGTH, PASSWORD_LENGTH } from "@/lib/auth/account-limits";
import styles from "./auth-form.module.css";

type Mode = "sign-in" | "sign-up";
type Field = "name" | "email" | "password";
type FieldErrors = Partial<Record<Field, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const { min: MIN_PASSWORD, max: MAX_PASSWORD } = PASSWORD_LENGTH;

/** The server answers auth failures in the app's error shape, `{ error: { code, message } }`. */
function serverMessage(error: object): string | undefined {
  return (error as { error?: { message?: string } }).error?.message;
}

function validate(mode: Mode, values: Record<Field, string>): FieldErrors {
  const errors: FieldErrors = {};
  if (mode === "sign-up" && !values.name.trim()) errors.name = "Enter your name.";
  else if (values.name.trim().length > MAX_NAME_LENGTH)
    errors.name = `Use at most ${MAX_NAME_LENGTH} characters.`;
  if (!values.email.trim()) errors.email = "Enter your email address.";
  else if (!EMAIL.test(values.email.trim())) errors.email = "Enter an email address like name@example.com.";
  if (!values.password) errors.password = "Enter your password.";
  else if (mode === "sign-up" && values.password.length < MIN_PASSWORD)
    errors.password = `Use at least ${MIN_PASSWORD} characters.`;
  else if (values.password.length > MAX_PASSWORD) errors.password = `Use at most ${MAX_PASSWORD} characters.`;
  return errors;
}

/** Email + password form for signing in or creating an account; goes to `next` on success. */
export function AuthForm({ mode, next }: { mode: Mode; next: string }) {
  const router = useRouter();
  const [values, setValues] = useState<Record<Field, string>>({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signUp = mode === "sign-up";
  // Until React runs, a submit would be a native form post: keep the button off until then.
  const hydrated = useHydrated();

  const update = (field: Field) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const value = event.target.value;
    setValues((previous) => ({ ...previous, [field]: value }));
    if (errors[field]) setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setServerError(null);
    const found = validate(mode, values);
    setErrors(found);
    const firstInvalid = (["name", "email", "password"] as const).find((field) => found[field]);
    if (firstInvalid) {
      event.currentTarget.querySelector<HTMLInputElement>(`[name="${firstInvalid}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const email = values.email.trim();
      const { error } = signUp
        ? await authClient.signUp.email({ name: values.name.trim(), email, password: values.password })
        : await authClient.signIn.email({ email, password: values.password });
      if (error) {
        setServerError(
          serverMessage(error) || (signUp ? "Could not create the account." : "Could not sign in."),
        );
        setBusy(false);
        return;
      }
      router.replace(next);
      router.refresh();
    } catch {
      setServerError("Could not reach Mealsnap. Check your connection and try again.");
      setBusy(false);
    }
  }

  const otherHref = next === "/diary" ? "" : `?next=${encodeURIComponent(next)}`;

  return (
    <>
      <form className={styles.form} onSubmit={onSubmit} method="post" noValidate>
        {serverError && <Alert>{serverError}</Alert>}
        {signUp && (
          <TextField
            label="Name"
            name="name"
            autoComplete="name"
            value={values.name}
            onChange={update("name")}
            error={errors.name}
            maxLength={MAX_NAME_LENGTH}
            required
          />
        )}
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
          value={values.email}
          onChange={update("email")}
          error={errors.email}
          required
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete={signUp ? "new-password" : "current-password"}
          hint={signUp ? `At least ${MIN_PASSWORD} characters.` : undefined}
          value={values.password}
          onChange={update("password")}
          error={errors.password}
          required
        />
        <Button type="submit" block busy={busy} disabled={!hydrated}>
          {signUp ? (busy ? "Creating account…" : "Create account") : busy ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <p className={styles.switch}>
        {signUp ? "Already have an account? " : "New to Mealsnap? "}
        <Link href={`${signUp ? "/sign-in" : "/sign-up"}${otherHref}`}>
          {signUp ? "Sign in" : "Create an account"}
        </Link>
      </p>
    </>
  );
}
