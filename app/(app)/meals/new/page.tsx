import type { Metadata } from "next";
import { requireUser } from "@/app/_lib/current-user";
import styles from "@/components/app-shell/app-shell.module.css";
import { isIsoDate, MEAL_TYPES, type MealTypeName } from "@/components/format";
import { DemoRecognizerNotice } from "@/components/meals/demo-recognizer-notice";
import { NewMealForm } from "@/components/meals/new-meal-form";

export const metadata: Metadata = { title: "Add meal" };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function NewMealPage({
  searchParams,
}: {
  searchParams: Promise<{ date?: string | string[]; type?: string | string[] }>;
}) {
  const params = await searchParams;
  const date = first(params.date);
  const type = first(params.type);
  const initialDate = isIsoDate(date) ? date : null;
  const initialType = MEAL_TYPES.includes(type as MealTypeName) ? (type as MealTypeName) : null;

  const query = new URLSearchParams();
  if (initialDate) query.set("date", initialDate);
  if (initialType) query.set("type", initialType);
  await requireUser(query.size > 0 ? `/meals/new?${query}` : "/meals/new");

  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>Add a meal</h1>
          <p className={styles.pageSubtitle}>Photograph your plate; we work out the calories and macros.</p>
        </div>
      </div>
      <DemoRecognizerNotice />
      <NewMealForm initialDate={initialDate} initialType={initialType} />
    </>
  );
}
