import type { Metadata } from "next";
import { requireUser } from "@/app/_lib/current-user";
import styles from "@/components/app-shell/app-shell.module.css";
import { NewFoodScreen } from "@/components/foods/food-screens";

export const metadata: Metadata = { title: "New food" };

/** A food from its label; `?name=` prefills the name (a search that found nothing). */
export default async function NewFoodPage({
  searchParams,
}: {
  searchParams: Promise<{ name?: string | string[] }>;
}) {
  const { name } = await searchParams;
  const prefill = typeof name === "string" ? name : "";
  await requireUser(prefill ? `/foods/new?name=${encodeURIComponent(prefill)}` : "/foods/new");
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>New food</h1>
          <p className={styles.pageSubtitle}>Copy the numbers from its label.</p>
        </div>
      </div>
      <NewFoodScreen kind="food" name={prefill} />
    </>
  );
}
