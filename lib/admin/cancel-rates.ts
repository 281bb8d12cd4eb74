import "server-only";
import { sql } from "drizzle-orm";

/** The counts every cancel rate is computed from. */
export interface CancelCounts {
  cancels: number;
  noops: number;
  /** Repeated requests answered from the first one (sum of duplicate_count). */
  duplicates: number;
  updatedPhotos: number;
}

/** Aggregates over `cancel_events ce` yielding the CancelCounts columns. */
export const CANCEL_COUNTS = sql`count(*)::int as cancels,
  (count(*) filter (where ce.noop))::int as noops,
  coalesce(sum(ce.duplicate_count), 0)::int as duplicates,
  coalesce(sum(ce.updated_photos), 0)::int as "updatedPhotos"`;

export const ZERO_COUNTS: CancelCounts = { cancels: 0, noops: 0, duplicates: 0, updatedPhotos: 0 };

export const addCounts = (a: CancelCounts, b: CancelCounts): CancelCounts => ({
  cancels: a.cancels + b.cancels,
  noops: a.noops + b.noops,
  duplicates: a.duplicates + b.duplicates,
  updatedPhotos: a.updatedPhotos + b.updatedPhotos,
});

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Share of cancels that found nothing to cancel; null without cancels. */
export const noopRate = (counts: CancelCounts) => ratio(counts.noops, counts.cancels);

/** Share of all cancel requests (first ones and repeats) that were repeats, as in the runbook. */
export const duplicateRate = (counts: CancelCounts) =>
  ratio(counts.duplicates, counts.cancels + counts.duplicates);

export const averageUpdatedPhotos = (counts: CancelCounts) => ratio(counts.updatedPhotos, counts.cancels);
