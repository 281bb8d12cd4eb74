import { config } from "@/lib/config";
import { inngest } from "@/lib/jobs/client";
import { recordScheduledRun, SWEEPER_JOB } from "@/lib/jobs/record-scheduled-run";
import { pruneDeliveredJobEvents } from "@/lib/jobs/relay-outbox";
import { cleanUpEmptyMeals } from "@/lib/meals/clean-up-empty-meals";
import { compactPhotoCounts } from "@/lib/metrics/compact-photo-counts";
import { sweepStuckPhotos } from "@/lib/photos/sweep-stuck-photos";

/**
 * Every minute: recover or fail photos stuck in flight (invariant 6), remove abandoned empty
 * meals, prune delivered job events past their retention, and fold the photo counters of closed
 * database connections.
 */
export const sweepStuck = inngest.createFunction(
  {
    id: SWEEPER_JOB,
    name: "Sweep stuck photos and empty meals",
    triggers: [{ cron: "* * * * *" }],
    concurrency: 1,
  },
  async ({ step }) => {
    const photos = await step.run("fail-stuck-photos", () =>
      sweepStuckPhotos(config().STUCK_PHOTO_TIMEOUT_S),
    );
    const emptyMeals = await step.run("remove-empty-meals", () => cleanUpEmptyMeals());
    const prunedJobEvents = await step.run("prune-job-events", () => pruneDeliveredJobEvents());
    await step.run("compact-photo-counts", () => compactPhotoCounts());
    const result = { ...photos, emptyMeals, prunedJobEvents };
    await step.run("record-run", () => recordScheduledRun(SWEEPER_JOB, result));
    return result;
  },
);
