import type { ReactNode } from "react";
import { currentUser } from "@/app/_lib/current-user";
import { AdminNav } from "@/components/admin/admin-nav";

/** The admin pages share a tab bar; a 403 page under it gets none. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <>
      {user?.role === "admin" && <AdminNav />}
      {children}
    </>
  );
}
