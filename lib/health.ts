import "server-only";
import { sql } from "drizzle-orm";
import { getDb, usesEmbeddedDatabase } from "@/db/client";
import { usesExternalInngest } from "@/lib/config";
import { embeddedInngestUrl } from "@/lib/jobs/client";
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

async function checkJobs() {
  if (usesExternalInngest()) return { ok: true, backend: "inngest" };
  try {
    const response = await fetch(`${embeddedInngestUrl()}/health`, { signal: AbortSignal.timeout(2000) });
    return { ok: response.ok, backend: "embedded" };
  } catch {
    return { ok: false, backend: "embedded", error: "the embedded executor does not answer" };
  }
}

export async function checkHealth() {
  const [db, jobs, storage] = await Promise.all([checkDatabase(), checkJobs(), checkStorage()]);
  return { ok: db.ok && jobs.ok && storage.ok, db, jobs, storage };
}
