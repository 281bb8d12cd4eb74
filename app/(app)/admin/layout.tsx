import type { ReactNode } from "react";
import { currentAdmin } from "@/app/_lib/current-user";
import { AdminNav } from "@/components/admin/admin-nav";

/** The admin pages share a tab bar; a 403 page under it gets none. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <>
      {(await currentAdmin()) && <AdminNav />}
      {children}
    </>
  );
}
