import { config } from "@/lib/config";
import { inngest } from "@/lib/jobs/client";
import { cleanUpEmptyMeals } from "@/lib/meals/clean-up-empty-meals";
import { sweepStuckPhotos } from "@/lib/photos/sweep-stuck-photos";

/** Every minute: fail photos stuck in flight (invariant 6) and remove abandoned empty meals. */
export const sweepStuck = inngest.createFunction(
  {
    id: "sweep-stuck",
    name: "Sweep stuck photos and empty meals",
    triggers: [{ cron: "* * * * *" }],
    concurrency: 1,
  },
  async ({ step }) => {
    const photos = await step.run("fail-stuck-photos", () =>
      sweepStuckPhotos(config().STUCK_PHOTO_TIMEOUT_S),
    );
    const emptyMeals = await step.run("remove-empty-meals", () => cleanUpEmptyMeals());
    return { ...photos, emptyMeals };
  },
);
