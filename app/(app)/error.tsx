"use client";

import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";

export default function AppError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <Alert
      title="Something went wrong"
      actions={
        <>
          <Button variant="secondary" onClick={reset}>
            Try again
          </Button>
          <ButtonLink href="/diary" variant="ghost">
            Go to the diary
          </ButtonLink>
        </>
      }
    >
      {error.digest ? `Error reference: ${error.digest}` : "An unexpected error stopped this page."}
    </Alert>
  );
}
