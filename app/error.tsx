"use client";

import { RouteError } from "@/components/app-shell/route-error";

/** Errors above the app shell: its layout's session lookup, the home and sign-in pages. */
export default RouteError;
