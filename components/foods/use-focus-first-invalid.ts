"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Moves the focus to the form's first invalid field after a refused Save (a keyboard or
 * screen-reader user must not be left on the button, unaware of why): call `refused()` when the
 * errors are set; the focus moves once they are on the screen.
 */
export function useFocusFirstInvalid() {
  const ref = useRef<HTMLFormElement>(null);
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals > 0) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);
  const refused = useCallback(() => setRefusals((count) => count + 1), []);
  return { ref, refused };
}
