import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { type IntegrityAlarm, integrityReport } from "@/lib/admin/integrity-report";

export interface AlarmTransition {
  alarm: string;
  severity: IntegrityAlarm["severity"];
  firing: boolean;
  count: number;
  message: string;
}

/**
 * Runs the integrity check and claims every alarm that turned on or off since the last check. The
 * claim is one conditional upsert per alarm (`… do update … where firing is distinct from`): of
 * several instances checking at once, exactly one gets the row back, so each transition is
 * announced once. An alarm seen for the first time is a transition only when it fires.
 */
export async function claimAlarmTransitions(): Promise<AlarmTransition[]> {
  const db = await getDb();
  const report = await integrityReport();
  const transitions: AlarmTransition[] = [];
  for (const alarm of report.alarms) {
    const firing = !alarm.ok;
    const [claimed] = rowsOf<{ inserted: boolean }>(
      await db.execute(sql`
        insert into alarm_states as s (alarm, firing, count) values (${alarm.id}, ${firing}, ${alarm.count})
        on conflict (alarm) do update set firing = excluded.firing, count = excluded.count, changed_at = now()
          where s.firing is distinct from excluded.firing
        returning (xmax = 0) as inserted`),
    );
    if (claimed && (firing || !claimed.inserted)) {
      transitions.push({
        alarm: alarm.id,
        severity: alarm.severity,
        firing,
        count: alarm.count,
        message: alarm.message,
      });
    }
  }
  return transitions;
}
