import type { Metadata } from "next";
import { requireUser } from "@/app/_lib/current-user";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import styles from "@/components/app-shell/app-shell.module.css";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>Account</h1>
          <p className={styles.pageSubtitle}>Signed in as {user.email}</p>
        </div>
      </div>
      <ChangePasswordForm />
    </>
  );
}
