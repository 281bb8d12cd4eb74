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
          <span className={styles.email} title={email}>
            <span className="visually-hidden">Signed in as </span>
            {email}
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
