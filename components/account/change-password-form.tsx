"use client";

import { type FormEvent, useState } from "react";
import { authClient } from "@/components/auth/auth-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useHydrated } from "@/components/use-hydrated";
import { PASSWORD_LENGTH } from "@/lib/auth/account-limits";
import styles from "./change-password-form.module.css";

type Outcome = { tone: "error" | "info"; message: string } | null;

/** Changes the password; the server signs out every other session of the user (DESIGN §5). */
export function ChangePasswordForm() {
  const hydrated = useHydrated();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [newPasswordError, setNewPasswordError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setOutcome(null);
    if (newPassword.length < PASSWORD_LENGTH.min || newPassword.length > PASSWORD_LENGTH.max) {
      setNewPasswordError(`Use ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters.`);
      return;
    }
    setNewPasswordError(null);
    setBusy(true);
    try {
      const { error } = await authClient.changePassword({ currentPassword, newPassword });
      if (error) {
        const message = (error as { error?: { message?: string } }).error?.message;
        setOutcome({ tone: "error", message: message || "Could not change the password." });
      } else {
        setCurrentPassword("");
        setNewPassword("");
        setOutcome({ tone: "info", message: "Password changed. Your other devices are signed out." });
      }
    } catch {
      setOutcome({
        tone: "error",
        message: "Could not reach Mealsnap. Check your connection and try again.",
      });
    }
    setBusy(false);
  }

  return (
    <form
      className={styles.form}
      onSubmit={onSubmit}
      method="post"
      noValidate
      aria-labelledby="change-password"
    >
      <h2 id="change-password" className={styles.title}>
        Change password
      </h2>
      {outcome && <Alert tone={outcome.tone}>{outcome.message}</Alert>}
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        value={currentPassword}
        onChange={(event) => setCurrentPassword(event.target.value)}
        required
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_LENGTH.min} characters. Other devices will be signed out.`}
        value={newPassword}
        onChange={(event) => setNewPassword(event.target.value)}
        error={newPasswordError}
        required
      />
      <Button type="submit" busy={busy} disabled={!hydrated || !currentPassword || !newPassword}>
        {busy ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
