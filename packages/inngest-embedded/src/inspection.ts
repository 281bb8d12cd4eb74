import type { Run, TimelineEntry } from "./run";

/** A run as the REST API returns it: Inngest's v1 run fields plus the step timeline. */
export interface RunView {
  run_id: string;
  function_id: string;
  event_id: string;
  status: "Running" | "Completed" | "Failed" | "Cancelled";
  queued_at: string;
  run_started_at: string | null;
  ended_at: string | null;
  /** The return value, or the error for a failed run (as Inngest reports it). */
  output: unknown;
  error: { name: string; message: string } | null;
  steps: TimelineEntry[];
}

export const iso = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString();

export function toRunView(run: Run): RunView {
  return {
    run_id: run.id,
    function_id: run.fn.config.id,
    event_id: run.trigger.internalId,
    // Inngest's v1 API has no queued state: a queued run is reported as Running.
    status: run.status === "Queued" ? "Running" : run.status,
    queued_at: new Date(run.createdAt).toISOString(),
    run_started_at: iso(run.startedAt),
    ended_at: iso(run.endedAt),
    output: run.status === "Failed" ? run.error : run.output,
    error: run.error ? { name: run.error.name, message: run.error.message } : null,
    steps: run.timeline.map(({ seq: _seq, output: _output, ...entry }) => entry),
  };
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const truncate = (text: string, max = 300): string => (text.length > max ? `${text.slice(0, max)}…` : text);

function renderSteps(entries: TimelineEntry[]): string {
  if (entries.length === 0) return "";
  const items = entries.map(
    (entry) =>
      `<li class="${escapeHtml(entry.outcome)}">${escapeHtml(entry.name)} <small>${escapeHtml(entry.op)} · ${escapeHtml(
        entry.outcome,
      )}${entry.detail ? ` · ${escapeHtml(truncate(entry.detail))}` : ""}</small></li>`,
  );
  return `<ol>${items.join("")}</ol>`;
}

function renderRun(run: Run): string {
  const view = toRunView(run);
  const result = run.status === "Failed" ? view.error : view.output;
  return `<tr>
<td><code>${escapeHtml(view.run_id)}</code><br><small>${escapeHtml(view.queued_at)}</small></td>
<td>${escapeHtml(view.function_id)}<br><small>${escapeHtml(run.trigger.payload.name)}</small></td>
<td class="${escapeHtml(run.status)}">${escapeHtml(run.status)}</td>
<td>${renderSteps(view.steps)}</td>
<td><code>${escapeHtml(truncate(JSON.stringify(result ?? null)))}</code></td>
</tr>`;
}

/** Minimal self-refreshing page of recent runs; every value is escaped. */
export function renderRunsPage(runs: Run[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>Embedded Inngest executor</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;vertical-align:top;text-align:left}
ol{margin:0;padding-left:1.2rem}.Completed,.ok{color:#176c2e}.Failed,.error{color:#b00020}
.Cancelled,.cancelled,.discarded{color:#8a6d00}.Running,.Queued,.waiting,.retrying{color:#1a4fa0}
</style></head><body>
<h1>Embedded Inngest executor</h1>
<p>${runs.length} most recent runs (in memory only). JSON: <code>/v1/runs/:runId</code>, <code>/v1/events/:eventId/runs</code>.</p>
<table><thead><tr><th>Run</th><th>Function / event</th><th>Status</th><th>Steps</th><th>Output</th></tr></thead>
<tbody>${runs.map(renderRun).join("")}</tbody></table>
</body></html>`;
}
