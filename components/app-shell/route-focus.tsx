"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * After an in-app route change, focus moves to the new page's h1 (and a screen reader reads it),
 * instead of staying on a link that is gone or falling to <body>. Not on the first load.
 */
export function RouteFocus() {
  const pathname = usePathname();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const heading = document.querySelector<HTMLElement>("main h1");
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }, [pathname]);
  return null;
}
