import "server-only";

/**
 * A lost database, remembered per process so that pages answer 503 too (DESIGN §5): Next.js gives
 * a page that fails while rendering a 500 whatever the error, so the proxy answers the pages itself
 * while an outage lasts. The first page that meets an outage still renders the outage state (with
 * Next.js's 500); every page after it gets the proxy's 503 with Retry-After until a probe of the
 * database succeeds.
 */
interface OutageState {
  /** `select 1` on the app's database; registered at start (lib/server-start.ts). */
  probe?: () => Promise<void>;
  lost: boolean;
  /** The probe under way (true: still lost), shared by the pages asking meanwhile. */
  probing?: Promise<boolean>;
}

// On globalThis: the proxy and the routes are separate bundles in one process.
const holder = globalThis as unknown as { __mealsnapDatabaseOutage?: OutageState };
holder.__mealsnapDatabaseOutage ??= { lost: false };
const state = holder.__mealsnapDatabaseOutage;

/** A probe answers within this, or the database counts as still lost (a host that drops packets). */
const PROBE_TIMEOUT_MS = 1_000;

export function watchDatabaseOutages(probe: () => Promise<void>): void {
  state.probe = probe;
}

/** Called where a request met an unreachable database (routes and pages). */
export function noteDatabaseLost(): void {
  state.lost = true;
}

function probeOnce(probe: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("probe timed out")), PROBE_TIMEOUT_MS);
  });
  return Promise.race([probe(), timedOut])
    .then(
      () => {
        state.lost = false;
        return false;
      },
      () => true,
    )
    .finally(() => {
      clearTimeout(timer);
      state.probing = undefined;
    });
}

/** For the proxy: whether an outage noted earlier still lasts (one probe at a time, shared). */
export async function databaseStillLost(): Promise<boolean> {
  if (!state.lost || !state.probe) return false;
  state.probing ??= probeOnce(state.probe);
  return state.probing;
}
