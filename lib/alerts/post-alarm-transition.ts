import "server-only";
import { appBaseUrl, config } from "@/lib/config";
import type { AlarmTransition } from "./alarm-transitions";

const ADMIN_PAGE = "/admin/cancel-audit";

export function alarmText(transition: AlarmTransition, baseUrl: string): string {
  const state = transition.firing ? `FIRING (count ${transition.count})` : "resolved";
  return `[${transition.severity}] Mealsnap alarm ${transition.alarm} ${state}: ${transition.message} ${new URL(ADMIN_PAGE, baseUrl)}`;
}

/**
 * Posts one alarm transition to ALERT_WEBHOOK_URL as Slack-compatible JSON (`{ text }`). A refusal
 * throws, so the job step is retried; nothing is posted when no webhook is configured.
 */
export async function postAlarmTransition(transition: AlarmTransition): Promise<{ posted: boolean }> {
  const url = config().ALERT_WEBHOOK_URL;
  if (!url) return { posted: false };
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: alarmText(transition, appBaseUrl()) }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`The alert webhook answered ${response.status}`);
  return { posted: true };
}
