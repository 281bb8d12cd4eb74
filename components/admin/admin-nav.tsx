"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./cancel-audit-view.module.css";

const ADMIN_PAGES = [
  { href: "/admin/cancel-audit", label: "Cancel audit" },
  { href: "/admin/jobs", label: "Jobs" },
];

/** Tabs between the admin pages; the current one is marked with aria-current. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin pages" className={styles.page}>
      <ul className={styles.windows}>
        {ADMIN_PAGES.map((page) => (
          <li key={page.href}>
            <Link
              href={page.href}
              className={styles.window}
              aria-current={pathname === page.href ? "page" : undefined}
            >
              {page.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
