"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./app-header.module.css";

const LINKS = [
  { href: "/diary", label: "Diary", matches: (path: string) => path === "/diary" },
  { href: "/meals/new", label: "Add meal", matches: (path: string) => path === "/meals/new" },
];

/** The main navigation; the current page is marked with aria-current. */
export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className={styles.navList}>
      {LINKS.map((link) => (
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
