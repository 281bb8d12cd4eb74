"use client";

import { createAuthClient } from "better-auth/react";

/** The browser side of better-auth: same-origin, routes under /api/auth. */
export const authClient = createAuthClient();
