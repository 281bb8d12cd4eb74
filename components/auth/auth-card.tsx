import Link from "next/link";
import type { ReactNode } from "react";
import { BrandMark } from "@/components/app-shell/brand-mark";
import styles from "./auth-form.module.css";

/** The centred card around the sign-in and sign-up forms. */
export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <Link href="/" className={styles.brand}>
          <BrandMark />
          Mealsnap
        </Link>
        <div className={styles.heading}>
          <h1 className={styles.title}>{title}</h1>
          <p className={styles.subtitle}>{subtitle}</p>
        </div>
        {children}
      </div>
    </main>
  );
}
