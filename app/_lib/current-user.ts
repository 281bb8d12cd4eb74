import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { readingPage } from "./unavailable";

/** The signed-in user of this request (looked up once per request), or null. */
export const currentUser = cache(
  async (): Promise<SessionUser | null> => readingPage(async () => getSessionUser(await headers())),
);

/** The signed-in user, or a redirect to the sign-in page that comes back to `returnTo` afterwards. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}
