"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import type { AuditedCancelEvent } from "@/lib/admin/list-cancel-events";
import styles from "./cancel-events-table.module.css";
import { formatUtc } from "./format";
import { REASON_LABELS } from "./reasons";

function MealCell({ event }: { event: AuditedCancelEvent }) {
  if (event.mealId) return <Link href={`/meals/${event.mealId}`}>{event.mealId}</Link>;
  if (event.requestedMealId) {
    return (
      <span>
        <span className={styles.deleted}>deleted</span> <code>{event.requestedMealId}</code>
      </span>
    );
  }
  return <span className={styles.muted}>none named</span>;
}

/** Audit rows newest first; each row's button discloses the whole request payload and answer. */
export function CancelEventsTable({
  events,
  captionId,
}: {
  events: AuditedCancelEvent[];
  captionId: string;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    // A focusable region so keyboard users can scroll the wide table on small screens.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable regions must be reachable by keyboard
    <section className={styles.scroller} aria-labelledby={captionId} tabIndex={0}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">User</th>
            <th scope="col">Client cancel id</th>
            <th scope="col">Meal</th>
            <th scope="col">Reason</th>
            <th scope="col">Noop</th>
            <th scope="col" className={styles.number}>
              Cancelled tasks
            </th>
            <th scope="col" className={styles.number}>
              Updated photos
            </th>
            <th scope="col" className={styles.number}>
              Duplicates
            </th>
            <th scope="col">
              <span className="visually-hidden">Payload</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => {
            const detailsId = `cancel-event-${event.id}`;
            const expanded = open.has(event.id);
            return (
              <Fragment key={event.id}>
                <tr className={expanded ? styles.expanded : undefined}>
                  <td className={styles.nowrap}>
                    <time dateTime={event.createdAt}>{formatUtc(event.createdAt)}</time>
                  </td>
                  <td>{event.userEmail ?? <code>{event.userId}</code>}</td>
                  <td>
                    <code>{event.clientCancelId}</code>
                  </td>
                  <td>
                    <MealCell event={event} />
                  </td>
                  <td className={styles.nowrap}>{REASON_LABELS[event.reason] ?? event.reason}</td>
                  <td>{event.noop ? "Yes" : "No"}</td>
                  <td className={styles.number}>{event.cancelledTasks}</td>
                  <td className={styles.number}>{event.updatedPhotos}</td>
                  <td className={styles.number}>{event.duplicateCount}</td>
                  <td>
                    <button
                      type="button"
                      className={styles.disclose}
                      aria-expanded={expanded}
                      aria-controls={detailsId}
                      onClick={() => toggle(event.id)}
                    >
                      {expanded ? "Hide" : "Payload"}
                      <span className="visually-hidden"> of the cancel at {formatUtc(event.createdAt)}</span>
                    </button>
                  </td>
                </tr>
                <tr id={detailsId} hidden={!expanded} className={styles.detailsRow}>
                  <td colSpan={10}>
                    <pre className={styles.payload}>
                      {JSON.stringify({ payload: event.payload, response: event.response }, null, 2)}
                    </pre>
                  </td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
