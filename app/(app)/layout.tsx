import type { ReactNode } from "react";
import { currentAdmin, currentUser } from "@/app/_lib/current-user";
import { AppHeader } from "@/components/app-shell/app-header";
import styles from "@/components/app-shell/app-shell.module.css";
import { OfflineBanner } from "@/components/app-shell/offline-banner";
import { RouteFocus } from "@/components/app-shell/route-focus";

/**
 * The signed-in shell. Every page of this group calls requireUser() with its own path, which sends
 * anonymous visitors to /sign-in?next=<that path>; a layout cannot know the path (and a redirect
 * here would win over the page's), so here an anonymous render only renders the page's redirect.
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) return children;
  // The cached role only decides whether to ask the database: plain users' pages keep the cache, and
  // an admin signed out or demoted since is shown no Admin link.
  const isAdmin = user.role === "admin" && (await currentAdmin()) !== null;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader email={user.email} isAdmin={isAdmin} />
      <OfflineBanner />
      <RouteFocus />
      <main id="main" tabIndex={-1} className={styles.main}>
        {children}
      </main>
    </>
  );
}
