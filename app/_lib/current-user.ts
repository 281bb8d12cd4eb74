import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { readingPage } from "./unavailable";

/**
 * The signed-in user of this request (looked up once per request), or null. The session cookie
 * cache may answer for a session signed out or a role changed up to SESSION_CACHE_SECONDS ago.
 */
export const currentUser = cache(
  async (): Promise<SessionUser | null> => readingPage(async () => getSessionUser(await headers())),
);

/**
 * The signed-in user as the database has it now, whatever the session cookie cache says (looked up
 * once per request): admin authority, and whether the sign-in page may skip its form.
 */
export const currentUserFromDatabase = cache(
  async (): Promise<SessionUser | null> =>
    readingPage(async () => getSessionUser(await headers(), { fresh: true })),
);

/** The signed-in user, or a redirect to the sign-in page that comes back to `returnTo` afterwards. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}

/** The signed-in admin now (read from the database), or null. */
export async function currentAdmin(): Promise<SessionUser | null> {
  const user = await currentUserFromDatabase();
  return user?.role === "admin" ? user : null;
}

/**
 * The gate of every admin page and server action (DESIGN §5): read from the database, so a
 * signed-out or demoted admin is refused at once. Without a session, a redirect to the sign-in
 * page that comes back to `returnTo`; a user who is not an admin gets the 403 page.
 */
export async function requireAdmin(returnTo: string): Promise<SessionUser> {
  const user = await currentUserFromDatabase();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  if (user.role !== "admin") forbidden();
  return user;
}
