import Link from "next/link";
import styles from "./app-header.module.css";
import { BrandMark } from "./brand-mark";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

/** The signed-in header: brand, main navigation, who is signed in, and sign out. */
export function AppHeader({ email, isAdmin = false }: { email: string; isAdmin?: boolean }) {
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href="/diary" className={styles.brand}>
          <BrandMark />
          Mealsnap
        </Link>
        <nav className={styles.nav} aria-label="Main">
          <NavLinks showAdmin={isAdmin} />
        </nav>
        <div className={styles.account}>
          <Link href="/account" className={styles.email} title={`${email}: account settings`}>
            <span className="visually-hidden">Account, signed in as </span>
            {email}
          </Link>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
