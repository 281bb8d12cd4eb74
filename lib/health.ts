import "server-only";
import { sql } from "drizzle-orm";
import { getDb, usesEmbeddedDatabase } from "@/db/client";
import { usesExternalInngest } from "@/lib/config";
import { embeddedInngestUrl, inngest } from "@/lib/jobs/client";
import { checkStorage } from "@/lib/storage";

async function checkDatabase() {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return { ok: true, driver: usesEmbeddedDatabase() ? "pglite" : "postgres" };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

const PROBE_TIMEOUT_MS = 2000;

/**
 * An external Inngest is up and takes this app's keys: its REST API answers the signing key (a dev
 * server takes none), and its event API does not refuse the event key (an empty batch sends nothing).
 */
async function checkExternalInngest() {
  const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  const backend = "inngest";
  try {
    const api = await fetch(new URL("v1/events?limit=1", inngest.apiBaseUrl), {
      headers: inngest.signingKey ? { authorization: `Bearer ${inngest.signingKey}` } : {},
      signal,
    });
    if (api.status === 401 || api.status === 403) {
      return { ok: false, backend, error: "Inngest refuses INNGEST_SIGNING_KEY" };
    }
    const events = await fetch(new URL(`e/${inngest.eventKey ?? "NO_EVENT_KEY_SET"}`, inngest.eventBaseUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "[]",
      signal,
    });
    if ([401, 403, 404].includes(events.status)) {
      return { ok: false, backend, error: "Inngest refuses INNGEST_EVENT_KEY" };
    }
    return { ok: true, backend };
  } catch {
    return { ok: false, backend, error: `Inngest does not answer at ${inngest.apiBaseUrl}` };
  }
}

async function checkJobs() {
  if (usesExternalInngest()) return checkExternalInngest();
  try {
    const response = await fetch(`${embeddedInngestUrl()}/health`, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return { ok: response.ok, backend: "embedded" };
  } catch {
    return { ok: false, backend: "embedded", error: "the embedded executor does not answer" };
  }
}

export async function checkHealth() {
  const [db, jobs, storage] = await Promise.all([checkDatabase(), checkJobs(), checkStorage()]);
  return { ok: db.ok && jobs.ok && storage.ok, db, jobs, storage };
}
