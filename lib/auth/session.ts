import "server-only";
import { AppError } from "@/lib/http/errors";
import { getAuth } from "./auth";

export type Role = "user" | "admin";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * The signed-in user. The session cookie cache (SESSION_CACHE_SECONDS) answers without SQL while
 * it is valid; `fresh` reads the database whatever the cache says (admin authority: a demotion or
 * a revoked admin session takes effect at once there).
 */
export async function getSessionUser(
  headers: Headers,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<SessionUser | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers, query: { disableCookieCache: fresh } });
  if (!session) return null;
  const { id, email, name, role } = session.user;
  return { id, email, name, role: role === "admin" ? "admin" : "user" };
}

export async function requireUser(headers: Headers, options?: { fresh?: boolean }): Promise<SessionUser> {
  const user = await getSessionUser(headers, options);
  if (!user) throw new AppError("unauthorized", "Sign in to continue");
  return user;
}

export async function requireAdmin(headers: Headers): Promise<SessionUser> {
  const user = await requireUser(headers, { fresh: true });
  if (user.role !== "admin") throw new AppError("forbidden", "Admins only");
  return user;
}
