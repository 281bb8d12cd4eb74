import type { Run } from "./run";

/**
 * Bounded in-memory run history. Unfinished runs are never evicted; once the cap is exceeded the
 * oldest finished runs go first.
 */
export class RunStore {
  private readonly runs = new Map<string, Run>();
  private readonly byEvent = new Map<string, Set<string>>();

  constructor(private readonly maxRuns: number) {}

  add(run: Run): void {
    this.runs.set(run.id, run);
    for (const eventId of this.eventIdsOf(run)) {
      let ids = this.byEvent.get(eventId);
      if (!ids) {
        ids = new Set();
        this.byEvent.set(eventId, ids);
      }
      ids.add(run.id);
    }
    this.evict();
  }

  get(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  forEvent(eventId: string): Run[] {
    return [...(this.byEvent.get(eventId) ?? [])].flatMap((id) => this.runs.get(id) ?? []);
  }

  /** Newest first. */
  recent(limit: number): Run[] {
    return [...this.runs.values()].slice(-limit).reverse();
  }

  /** Runs not finished yet: waiting to start (concurrency, a retry's backoff comes later) or started. */
  unfinished(): { queued: number; running: number } {
    let queued = 0;
    let running = 0;
    for (const run of this.runs.values()) {
      if (run.finished) continue;
      if (run.status === "Queued") queued++;
      else running++;
    }
    return { queued, running };
  }

  private evict(): void {
    if (this.runs.size <= this.maxRuns) return;
    for (const run of this.runs.values()) {
      if (this.runs.size <= this.maxRuns) break;
      if (!run.finished) continue;
      this.runs.delete(run.id);
      for (const eventId of this.eventIdsOf(run)) {
        const ids = this.byEvent.get(eventId);
        ids?.delete(run.id);
        if (ids?.size === 0) this.byEvent.delete(eventId);
      }
    }
  }

  /** Inngest finds runs by the event's internal ULID only, never by the sender's `id`. */
  private eventIdsOf(run: Run): string[] {
    return [run.trigger.internalId];
  }
}
