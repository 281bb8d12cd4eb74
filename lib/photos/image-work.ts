import "server-only";
import { availableParallelism } from "node:os";
import pLimit from "p-limit";
import sharp from "sharp";

/**
 * Images decoded and encoded at once: every core but one, each image on one libvips thread.
 * With libvips' own thread pool per image, a meal's photos uploaded together took every core,
 * and the event loop (every request, every job step, the first photo's recognition) waited
 * behind them; first come, first served also finishes the first photo of a batch first.
 */
export const IMAGE_WORKERS = Math.max(1, availableParallelism() - 1);

sharp.concurrency(1);
const limit = pLimit(IMAGE_WORKERS);

/** Runs `work` (a sharp pipeline to its output) when an image worker is free. */
export function inImageWorker<T>(work: () => Promise<T>): Promise<T> {
  return limit(work);
}
