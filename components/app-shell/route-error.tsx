"use client";

import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { UNAVAILABLE_DIGEST } from "@/lib/http/unavailable";
import { UnavailablePanel } from "./unavailable-panel";

/** A page's error boundary: the outage state for a lost database, else "Something went wrong". */
export function RouteError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  if (error.digest === UNAVAILABLE_DIGEST) return <UnavailablePanel retry={retry} />;
  return (
    <Alert
      title="Something went wrong"
      actions={
        <>
          <Button variant="secondary" onClick={retry}>
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
