"use client";

import { RouteError } from "@/components/app-shell/route-error";

/** Errors of a signed-in page, inside the app shell. */
export default RouteError;
