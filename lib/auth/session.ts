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

export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const { id, email, name, role } = session.user;
  return { id, email, name, role: role === "admin" ? "admin" : "user" };
}

export async function requireUser(headers: Headers): Promise<SessionUser> {
  const user = await getSessionUser(headers);
  if (!user) throw new AppError("unauthorized", "Sign in to continue");
  return user;
}

export async function requireAdmin(headers: Headers): Promise<SessionUser> {
  const user = await requireUser(headers);
  if (user.role !== "admin") throw new AppError("forbidden", "Admins only");
  return user;
}
