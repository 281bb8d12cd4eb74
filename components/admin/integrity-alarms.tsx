import type { IntegrityReport } from "@/lib/admin/integrity-report";
import { Badge } from "../ui/badge";
import { formatNumber, formatUtc } from "./format";
import styles from "./integrity-alarms.module.css";

/** The alarms of /api/admin/integrity: green when quiet, red (amber for P2) with counts and examples. */
export function IntegrityAlarms({ report }: { report: IntegrityReport }) {
  const firing = report.alarms.filter((alarm) => !alarm.ok).length;
  return (
    <div className={styles.root}>
      <p className={styles.summary}>
        <Badge tone={report.ok ? "success" : "danger"}>{report.ok ? "All quiet" : `${firing} firing`}</Badge>
        <span>Checked {formatUtc(report.checkedAt)} UTC</span>
      </p>
      <ul className={styles.list}>
        {report.alarms.map((alarm) => (
          <li key={alarm.id} className={`${styles.alarm} ${alarm.ok ? styles.ok : styles.firing}`}>
            <div className={styles.head}>
              <Badge tone={alarm.ok ? "success" : alarm.severity === "P2" ? "warning" : "danger"}>
                {alarm.ok ? "OK" : `${alarm.severity} firing`}
              </Badge>
              <code className={styles.id}>{alarm.id}</code>
              <span className={styles.count}>
                <span className="visually-hidden">Count: </span>
                {formatNumber(alarm.count)}
              </span>
            </div>
            <p className={styles.message}>{alarm.message}</p>
            {alarm.examples.length > 0 && (
              <p className={styles.examples}>
                Examples:{" "}
                {alarm.examples.map((id) => (
                  <code key={id}>{id}</code>
                ))}
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
