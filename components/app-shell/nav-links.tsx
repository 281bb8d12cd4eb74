"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./app-header.module.css";

const LINKS = [
  { href: "/diary", label: "Diary", matches: (path: string) => path === "/diary" },
  { href: "/foods", label: "My foods", matches: (path: string) => path.startsWith("/foods") },
  { href: "/meals/new", label: "Add meal", matches: (path: string) => path === "/meals/new" },
];

const ADMIN_LINK = {
  href: "/admin/cancel-audit",
  label: "Admin",
  matches: (path: string) => path.startsWith("/admin"),
};

/** The main navigation; the current page is marked with aria-current. Admins also get "Admin". */
export function NavLinks({ showAdmin = false }: { showAdmin?: boolean }) {
  const pathname = usePathname();
  return (
    <ul className={styles.navList}>
      {(showAdmin ? [...LINKS, ADMIN_LINK] : LINKS).map((link) => (
        <li key={link.href}>
          <Link
            href={link.href}
            className={styles.navLink}
            aria-current={link.matches(pathname) ? "page" : undefined}
          >
            {link.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
