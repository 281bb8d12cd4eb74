import type { JobsOverview } from "@/lib/admin/jobs-overview";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import styles from "./cancel-audit-view.module.css";
import tableStyles from "./cancel-events-table.module.css";
import { formatNumber, formatUtc } from "./format";
import { JOBS_PATH } from "./jobs-url";
import { FigureCards } from "./stats-cards";

/** Whole seconds between two instants, as "42 s" / "3 min" / "2 h". */
function formatAge(fromIso: string, toIso: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** Where the attempt is, from what the database knows: queued, waiting out a retry, or running. */
function stageOf(photo: JobsOverview["inFlight"][number]): string {
  if (photo.status === "PENDING") return "queued";
  return photo.retryDueAt ? `retry due ${formatUtc(photo.retryDueAt)}` : "recognizing";
}

function InFlight({ overview, runsUrl }: { overview: JobsOverview; runsUrl: string | null }) {
  if (overview.inFlight.length === 0) return <p className={styles.empty}>No photo is being recognised.</p>;
  return (
    <div className={tableStyles.scroller}>
      <table className={tableStyles.table} aria-labelledby="in-flight-heading">
        <thead>
          <tr>
            <th>Photo</th>
            <th>User</th>
            <th>Status</th>
            <th>Step</th>
            <th className={tableStyles.number}>Attempt</th>
            <th className={tableStyles.number}>Recoveries</th>
            <th>Age</th>
            <th>Last heartbeat (UTC)</th>
            <th>Event</th>
          </tr>
        </thead>
        <tbody>
          {overview.inFlight.map((photo) => (
            <tr key={photo.id}>
              <td>
                <code>{photo.id}</code>
              </td>
              <td>{photo.userEmail ?? "—"}</td>
              <td>
                <Badge tone={photo.stuck ? "danger" : "info"} pulse={!photo.stuck}>
                  {photo.stuck ? `${photo.status} · stuck` : photo.status}
                </Badge>
              </td>
              <td className={tableStyles.nowrap}>{stageOf(photo)}</td>
              <td className={tableStyles.number}>{photo.attempt}</td>
              <td className={tableStyles.number}>{photo.recoveries}</td>
              <td className={tableStyles.nowrap}>{formatAge(photo.createdAt, overview.checkedAt)}</td>
              <td className={tableStyles.nowrap}>
                {formatUtc(photo.heartbeatAt)} ({formatAge(photo.heartbeatAt, overview.checkedAt)} ago)
              </td>
              <td>
                {runsUrl ? (
                  <a href={runsUrl} title="Search the runs for this event id">
                    <code>{photo.eventId}</code>
                  </a>
                ) : (
                  <code>{photo.eventId}</code>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Failures({
  overview,
  retryAction,
}: {
  overview: JobsOverview;
  retryAction: (form: FormData) => Promise<void>;
}) {
  if (overview.failures.length === 0) return <p className={styles.empty}>No failed photo.</p>;
  return (
    <div className={tableStyles.scroller}>
      <table className={tableStyles.table} aria-labelledby="failures-heading">
        <thead>
          <tr>
            <th>Failed (UTC)</th>
            <th>Photo</th>
            <th>User</th>
            <th className={tableStyles.number}>Attempt</th>
            <th>Error code</th>
            <th>Provider message</th>
            <th>
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {overview.failures.map((photo) => (
            <tr key={photo.id}>
              <td className={tableStyles.nowrap}>{photo.finishedAt ? formatUtc(photo.finishedAt) : "—"}</td>
              <td>
                <code>{photo.id}</code>
              </td>
              <td>{photo.userEmail ?? "—"}</td>
              <td className={tableStyles.number}>{photo.attempt}</td>
              <td>
                <code>{photo.errorCode ?? "—"}</code>
              </td>
              <td>{photo.errorMessage ?? "—"}</td>
              <td>
                <form action={retryAction}>
                  <input type="hidden" name="photoId" value={photo.id} />
                  <Button
                    type="submit"
                    variant="secondary"
                    size="small"
                    aria-label={`Retry photo ${photo.id}`}
                  >
                    Retry
                  </Button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The admin jobs page: recognition in flight, failures to retry, the outbox and the sweeper. */
export function JobsView({
  overview,
  runsUrl,
  retryOutcome,
  retryAction,
}: {
  overview: JobsOverview;
  runsUrl: string | null;
  retryOutcome: "queued" | "refused" | null;
  retryAction: (form: FormData) => Promise<void>;
}) {
  const { outbox, sweeper } = overview;
  return (
    <div className={styles.page}>
      <div className={styles.sectionHead}>
        <h1 className={styles.title}>Jobs</h1>
        <a href={JOBS_PATH} className={styles.export}>
          Refresh
        </a>
      </div>
      <p className={styles.shown}>Read from the database at {formatUtc(overview.checkedAt)} UTC.</p>
      {retryOutcome === "queued" && (
        <Alert tone="info" title="Retry queued">
          The photo has a new attempt; it appears under “In flight” until it finishes.
        </Alert>
      )}
      {retryOutcome === "refused" && (
        <Alert tone="warning" title="Retry refused">
          The photo is no longer FAILED (retried or cancelled meanwhile), or it is gone.
        </Alert>
      )}
      <section className={styles.section} aria-labelledby="queue-heading">
        <h2 id="queue-heading">Queue</h2>
        <FigureCards
          cards={[
            ["Photos in flight", formatNumber(overview.inFlight.length), "PENDING or PROCESSING"],
            [
              "Outbox backlog",
              formatNumber(outbox.pending),
              outbox.oldestPendingAt
                ? `oldest ${formatAge(outbox.oldestPendingAt, overview.checkedAt)}`
                : "nothing waiting",
            ],
            [
              "Delivery attempts",
              formatNumber(outbox.failingAttempts),
              outbox.lastError ? `last error: ${outbox.lastError}` : "most of any pending event",
            ],
            [
              "Sweeper's last run",
              sweeper ? `${formatAge(sweeper.finishedAt, overview.checkedAt)} ago` : "never",
              sweeper
                ? Object.entries(sweeper.result)
                    .map(([name, value]) => `${name} ${String(value)}`)
                    .join(" · ")
                : "runs every minute",
            ],
          ]}
        />
      </section>
      <section className={styles.section} aria-labelledby="in-flight-heading">
        <h2 id="in-flight-heading">In flight</h2>
        <InFlight overview={overview} runsUrl={runsUrl} />
      </section>
      <section className={styles.section} aria-labelledby="failures-heading">
        <h2 id="failures-heading">Recent failures</h2>
        <Failures overview={overview} retryAction={retryAction} />
      </section>
    </div>
  );
}
