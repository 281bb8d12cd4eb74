"use client";

import Link from "next/link";
import type { CancelEventFilters, StatsWindow } from "@/lib/admin/inputs";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { Skeleton } from "../ui/skeleton";
import { useCancelEvents, useCancelStats, useIntegrity } from "./admin-queries";
import { auditHref, filterParams } from "./audit-url";
import styles from "./cancel-audit-view.module.css";
import { CancelChart } from "./cancel-chart";
import { CancelEventsTable } from "./cancel-events-table";
import { CancelFilters } from "./cancel-filters";
import { formatNumber } from "./format";
import { IntegrityAlarms } from "./integrity-alarms";
import { StatsCards } from "./stats-cards";

const WINDOW_LABELS: Record<StatsWindow, string> = { "24h": "24 h", "7d": "7 days", "30d": "30 days" };

function LoadFailed({ what, error }: { what: string; error: Error }) {
  return <Alert title={`Could not load ${what}`}>{error.message}</Alert>;
}

function StatsSection({ window, filters }: { window: StatsWindow; filters: CancelEventFilters }) {
  const stats = useCancelStats(window);
  return (
    <section className={styles.section} aria-labelledby="stats-heading">
      <div className={styles.sectionHead}>
        <h2 id="stats-heading">Last {WINDOW_LABELS[window]}</h2>
        <nav aria-label="Stats window">
          <ul className={styles.windows}>
            {(Object.keys(WINDOW_LABELS) as StatsWindow[]).map((option) => (
              <li key={option}>
                <Link
                  href={auditHref(option, filters)}
                  className={styles.window}
                  aria-current={option === window ? "page" : undefined}
                  scroll={false}
                >
                  {WINDOW_LABELS[option]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      {stats.data ? (
        <>
          <StatsCards stats={stats.data} />
          <CancelChart stats={stats.data} />
        </>
      ) : stats.error ? (
        <LoadFailed what="the stats" error={stats.error} />
      ) : (
        <Skeleton height="16rem" />
      )}
    </section>
  );
}

function IntegritySection() {
  const integrity = useIntegrity();
  return (
    <section className={styles.section} aria-labelledby="integrity-heading">
      <h2 id="integrity-heading">Integrity alarms</h2>
      {integrity.data ? (
        <IntegrityAlarms report={integrity.data} />
      ) : integrity.error ? (
        <LoadFailed what="the integrity report" error={integrity.error} />
      ) : (
        <Skeleton height="10rem" />
      )}
    </section>
  );
}

function EventsSection({ window, filters }: { window: StatsWindow; filters: CancelEventFilters }) {
  const events = useCancelEvents(filters);
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];
  const csv = new URLSearchParams(filterParams(filters));
  csv.set("format", "csv");
  return (
    <section className={styles.section} aria-labelledby="events-heading">
      <div className={styles.sectionHead}>
        <h2 id="events-heading">Cancel events</h2>
        <a href={`/api/admin/cancel-events?${csv}`} download className={styles.export}>
          Export CSV
        </a>
      </div>
      <CancelFilters window={window} filters={filters} />
      {events.error && <LoadFailed what="the cancel events" error={events.error} />}
      {events.isPending ? (
        <Skeleton height="12rem" />
      ) : rows.length === 0 ? (
        <p className={styles.empty}>No cancel events match these filters.</p>
      ) : (
        <CancelEventsTable events={rows} captionId="events-heading" />
      )}
      <div className={styles.more}>
        <p aria-live="polite" className={styles.shown}>
          {rows.length > 0 &&
            `Showing ${formatNumber(rows.length)} event${rows.length === 1 ? "" : "s"}, newest first`}
        </p>
        {events.hasNextPage && (
          <Button variant="secondary" busy={events.isFetchingNextPage} onClick={() => events.fetchNextPage()}>
            Load more
          </Button>
        )}
      </div>
    </section>
  );
}

/** The admin cancel-audit page: the runbook's rates, the integrity alarms, and every cancel. */
export function CancelAuditView({
  window,
  filters,
  invalidFields,
}: {
  window: StatsWindow;
  filters: CancelEventFilters;
  invalidFields: string[];
}) {
  return (
    <div className={styles.page}>
      <h1 className={styles.title}>Cancel audit</h1>
      {invalidFields.length > 0 && (
        <Alert tone="warning" title="Some filters in the address were not understood">
          Ignored: {invalidFields.join(", ")}.
        </Alert>
      )}
      <StatsSection window={window} filters={filters} />
      <IntegritySection />
      <EventsSection window={window} filters={filters} />
    </div>
  );
}
