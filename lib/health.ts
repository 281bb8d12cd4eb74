import "server-only";
import { pingDatabase, usesEmbeddedDatabase } from "@/db/client";
import { usesExternalInngest } from "@/lib/config";
import { embeddedInngestUrl, inngest } from "@/lib/jobs/client";
import { logger, serializeError } from "@/lib/logger";
import { checkStorage } from "@/lib/storage";

/**
 * One component's state. `problem` says why it is degraded: it goes to the log, never into the
 * public answer (driver text names queries, hosts and addresses).
 */
interface Check {
  ok: boolean;
  problem?: unknown;
  [fact: string]: unknown;
}

async function checkDatabase(): Promise<Check> {
  const driver = usesEmbeddedDatabase() ? "pglite" : "postgres";
  try {
    await pingDatabase();
    return { ok: true, driver };
  } catch (error) {
    return { ok: false, driver, problem: serializeError(error) };
  }
}

const PROBE_TIMEOUT_MS = 2000;

/**
 * An external Inngest is up and takes this app's keys: its REST API answers the signing key (a dev
 * server takes none), and its event API does not refuse the event key (an empty batch sends nothing).
 */
async function checkExternalInngest(): Promise<Check> {
  const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  const backend = "inngest";
  try {
    const api = await fetch(new URL("v1/events?limit=1", inngest.apiBaseUrl), {
      headers: inngest.signingKey ? { authorization: `Bearer ${inngest.signingKey}` } : {},
      signal,
    });
    if (api.status === 401 || api.status === 403) {
      return { ok: false, backend, problem: "Inngest refuses INNGEST_SIGNING_KEY" };
    }
    const events = await fetch(new URL(`e/${inngest.eventKey ?? "NO_EVENT_KEY_SET"}`, inngest.eventBaseUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "[]",
      signal,
    });
    if ([401, 403, 404].includes(events.status)) {
      return { ok: false, backend, problem: "Inngest refuses INNGEST_EVENT_KEY" };
    }
    return { ok: true, backend };
  } catch {
    return { ok: false, backend, problem: `Inngest does not answer at ${inngest.apiBaseUrl}` };
  }
}

async function checkJobs(): Promise<Check> {
  if (usesExternalInngest()) return checkExternalInngest();
  try {
    const response = await fetch(`${embeddedInngestUrl()}/health`, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return response.ok
      ? { ok: true, backend: "embedded" }
      : { ok: false, backend: "embedded", problem: `the embedded executor answers ${response.status}` };
  } catch {
    return { ok: false, backend: "embedded", problem: "the embedded executor does not answer" };
  }
}

const withoutProblem = ({ problem: _, ...report }: Check) => report;

/**
 * GET /api/health (public): `ok` and each component's `ok` with its driver or backend; when one
 * is degraded, why goes to the log in one line.
 */
export async function checkHealth() {
  const [db, jobs, storage] = await Promise.all([checkDatabase(), checkJobs(), checkStorage()]);
  const checks = { db, jobs, storage };
  const problems = Object.fromEntries(
    Object.entries(checks).flatMap(([name, check]) => (check.ok ? [] : [[name, check.problem]])),
  );
  const ok = Object.keys(problems).length === 0;
  if (!ok) logger.warn({ problems }, "Health check degraded");
  return { ok, db: withoutProblem(db), jobs: withoutProblem(jobs), storage: withoutProblem(storage) };
}
