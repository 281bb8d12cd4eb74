import type { Metadata } from "next";
import { requireUser } from "@/app/_lib/current-user";
import styles from "@/components/app-shell/app-shell.module.css";
import { NewFoodScreen } from "@/components/foods/food-screens";

export const metadata: Metadata = { title: "New recipe" };

/** A recipe from foods by raw weight; `?name=` prefills the name (a search that found nothing). */
export default async function NewRecipePage({
  searchParams,
}: {
  searchParams: Promise<{ name?: string | string[] }>;
}) {
  const { name } = await searchParams;
  const prefill = typeof name === "string" ? name : "";
  await requireUser(prefill ? `/foods/new-recipe?name=${encodeURIComponent(prefill)}` : "/foods/new-recipe");
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>New recipe</h1>
          <p className={styles.pageSubtitle}>
            Weigh each ingredient raw, and the whole dish once cooked: energy and macros per 100 g follow.
          </p>
        </div>
      </div>
      <NewFoodScreen kind="recipe" name={prefill} />
    </>
  );
}
