"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { isOnline } from "@/components/online";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** Where a plain left click on an in-app link would go, or null when it is not ours to ask about. */
export function inAppDestination(event: MouseEvent, here: Location): string | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!(link instanceof HTMLAnchorElement)) return null;
  if ((link.target && link.target !== "_self") || link.hasAttribute("download")) return null;
  // Links that keep the meal by their meaning (Done) need no question.
  if (link.dataset.keepsRecognition !== undefined) return null;
  const url = new URL(link.href, here.href);
  if (url.origin !== here.origin) return null;
  if (url.pathname === here.pathname && url.search === here.search) return null; // same page (#main)
  return url.pathname + url.search + url.hash;
}

interface LeaveGuardOptions {
  /** Whether leaving now would leave work in flight. */
  active: boolean;
  /** The explicit stop: resolves true once the server has answered the cancel. */
  onStop: () => Promise<boolean>;
}

/**
 * Leaving the add-meal flow with work in flight asks first, in the app: "Keep recognising" (the
 * default: the server finishes the meal and it lands in the diary) or "Stop and leave" (the
 * explicit cancel). Covers in-app links; the browser's own Back and reload simply keep the meal
 * recognising. Returns the dialog to render.
 */
export function useLeaveGuard({ active, onStop }: LeaveGuardOptions): ReactNode {
  const router = useRouter();
  const [destination, setDestination] = useState<string | null>(null);
  const [stopping, setStopping] = useState(false);
  const armed = useRef(active);
  armed.current = active;

  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (!armed.current) return;
      const target = inAppDestination(event, window.location);
      if (!target) return;
      event.preventDefault();
      event.stopPropagation();
      setDestination(target);
    };
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, []);

  const go = (target: string) => {
    setDestination(null);
    router.push(target);
  };

  async function stopAndLeave(target: string) {
    // Offline, the cancel is kept and sent on reconnect: no reason to hold the user here.
    if (!isOnline()) {
      void onStop();
      go(target);
      return;
    }
    setStopping(true);
    const stopped = await onStop();
    setStopping(false);
    if (stopped) go(target);
    else setDestination(null);
  }

  return (
    <Dialog
      open={destination !== null}
      title="Keep recognising this meal?"
      onClose={() => setDestination(null)}
      footer={
        <>
          <Button
            variant="secondary"
            busy={stopping}
            onClick={() => destination && stopAndLeave(destination)}
          >
            Stop and leave
          </Button>
          <Button data-autofocus onClick={() => destination && go(destination)} disabled={stopping}>
            Keep recognising
          </Button>
        </>
      }
    >
      <p>
        Recognition carries on without this page: the meal lands in your diary when it is done. Stop it only
        if you do not want this meal.
      </p>
    </Dialog>
  );
}
