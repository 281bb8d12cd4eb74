"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { addDays, formatDayDate, formatLongDate, isIsoDate, relativeDayName } from "@/components/format";
import styles from "./date-nav.module.css";

export const diaryHref = (date: string) => `/diary?date=${date}`;

/** Previous / next day links around the date shown, a "Today" shortcut and a date picker. */
export function DateNav({ date, today }: { date: string; today: string | null }) {
  const router = useRouter();
  const previous = addDays(date, -1);
  const next = addDays(date, 1);
  const relative = relativeDayName(date, today);

  return (
    <nav className={styles.nav} aria-label="Diary date">
      <Link
        className={styles.arrow}
        href={diaryHref(previous)}
        aria-label={`Previous day, ${formatLongDate(previous)}`}
      >
        <span aria-hidden="true">←</span>
      </Link>
      <div className={styles.center}>
        <span className={styles.relative}>{relative}</span>
        <h1 className={styles.title} aria-live="polite">
          <span aria-hidden="true">{formatDayDate(date)}</span>
          <span className="visually-hidden">{formatLongDate(date)}</span>
        </h1>
        <div className={styles.tools}>
          {today && date !== today && <Link href={diaryHref(today)}>Go to today</Link>}
          <label>
            <span className="visually-hidden">Jump to date</span>
            <input
              className={styles.dateInput}
              type="date"
              value={date}
              onChange={(event) => {
                if (isIsoDate(event.target.value)) router.push(diaryHref(event.target.value));
              }}
            />
          </label>
        </div>
      </div>
      <Link className={styles.arrow} href={diaryHref(next)} aria-label={`Next day, ${formatLongDate(next)}`}>
        <span aria-hidden="true">→</span>
      </Link>
    </nav>
  );
}
