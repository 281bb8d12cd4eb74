"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/components/auth/auth-client";
import { Button } from "@/components/ui/button";

/** Ends the session, forgets cached data of this user, and goes to the sign-in page. */
export function SignOutButton() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setBusy(true);
    setFailed(false);
    try {
      const { error } = await authClient.signOut();
      if (error) throw new Error(error.message);
      queryClient.clear();
      router.replace("/sign-in");
      router.refresh();
    } catch {
      setBusy(false);
      setFailed(true);
    }
  }

  return (
    <>
      <Button variant="secondary" size="small" onClick={signOut} busy={busy}>
        Sign out
      </Button>
      {failed && (
        <span role="alert" className="visually-hidden">
          Sign out failed. Try again.
        </span>
      )}
    </>
  );
}
