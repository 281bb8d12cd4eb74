import type { Metadata } from "next";
import { requireUser } from "@/app/_lib/current-user";
import styles from "@/components/app-shell/app-shell.module.css";
import { MyFoodsView } from "@/components/foods/my-foods-view";

export const metadata: Metadata = { title: "My foods" };

export default async function MyFoodsPage() {
  await requireUser("/foods");
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>My foods</h1>
          <p className={styles.pageSubtitle}>
            Your own foods and recipes: found first when you search, seen by you only.
          </p>
        </div>
      </div>
      <MyFoodsView />
    </>
  );
}
