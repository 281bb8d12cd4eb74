"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import type { CancelEventFilters, StatsWindow } from "@/lib/admin/inputs";
import { Button, ButtonLink } from "../ui/button";
import { AUDIT_PATH, auditHref } from "./audit-url";
import styles from "./cancel-filters.module.css";
import { toUtcInputValue } from "./format";
import { REASON_LABELS } from "./reasons";

/** Reads the form the way the API parses the URL: a blank field is no filter. */
function filtersFrom(form: HTMLFormElement): CancelEventFilters {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "").trim() || undefined;
  const instant = (name: string) => {
    const value = text(name);
    return value ? new Date(`${value}Z`).toISOString() : undefined;
  };
  return {
    from: instant("from"),
    to: instant("to"),
    user: text("user"),
    reason: text("reason") as CancelEventFilters["reason"],
    noopOnly: data.get("noopOnly") === "1" || undefined,
    mealMissingOnly: data.get("mealMissingOnly") === "1" || undefined,
  };
}

/**
 * The table's filters. A plain GET form (works before hydration); once hydrated it navigates
 * client-side to a clean URL, which is the page's state.
 */
export function CancelFilters({ window, filters }: { window: StatsWindow; filters: CancelEventFilters }) {
  const router = useRouter();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    router.push(auditHref(window, filtersFrom(event.currentTarget)));
  };
  // Keyed by the URL's filters so the inputs reset when the URL changes (back button, Clear).
  return (
    <form
      key={auditHref(window, filters)}
      className={styles.form}
      method="get"
      action={AUDIT_PATH}
      onSubmit={submit}
      aria-label="Filter cancel events"
    >
      {window !== "24h" && <input type="hidden" name="window" value={window} />}
      <label className={styles.field}>
        <span>From (UTC)</span>
        <input type="datetime-local" name="from" defaultValue={toUtcInputValue(filters.from)} />
      </label>
      <label className={styles.field}>
        <span>To (UTC)</span>
        <input type="datetime-local" name="to" defaultValue={toUtcInputValue(filters.to)} />
      </label>
      <label className={styles.field}>
        <span>User id or email</span>
        <input type="search" name="user" defaultValue={filters.user ?? ""} autoComplete="off" />
      </label>
      <label className={styles.field}>
        <span>Reason</span>
        <select name="reason" defaultValue={filters.reason ?? ""}>
          <option value="">Any reason</option>
          {Object.entries(REASON_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.check}>
        <input type="checkbox" name="noopOnly" value="1" defaultChecked={filters.noopOnly === true} />
        Noop only
      </label>
      <label className={styles.check}>
        <input
          type="checkbox"
          name="mealMissingOnly"
          value="1"
          defaultChecked={filters.mealMissingOnly === true}
        />
        Meal missing only
      </label>
      <div className={styles.actions}>
        <Button type="submit" size="small">
          Apply filters
        </Button>
        <ButtonLink href={auditHref(window, {})} variant="ghost" size="small">
          Clear
        </ButtonLink>
      </div>
    </form>
  );
}
