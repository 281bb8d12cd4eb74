import { availableParallelism } from "node:os";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { solidJpeg } from "@/test/images";
import { IMAGE_WORKERS, inImageWorker } from "./image-work";
import { processImage } from "./process-image";

describe("image workers", () => {
  it("give each image one libvips thread and leave a core to the event loop", () => {
    expect(sharp.concurrency()).toBe(1);
    expect(IMAGE_WORKERS).toBe(Math.max(1, availableParallelism() - 1));
  });

  it("run at most IMAGE_WORKERS images at once, first come first served", async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const jobs = Array.from({ length: IMAGE_WORKERS + 2 }, (_, index) =>
      inImageWorker(async () => {
        running += 1;
        most = Math.max(most, running);
        started.push(index);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        return index;
      }),
    );
    // Release one job at a time until all have run.
    for (let released = 0; released < jobs.length; released++) {
      while (releases.length === 0) await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    expect(await Promise.all(jobs)).toEqual([...jobs.keys()]);
    expect(most).toBe(IMAGE_WORKERS);
    expect(started).toEqual([...jobs.keys()]);
  });

  it("process uploads through them: a photo waits while every worker is taken", async () => {
    const releases: Array<() => void> = [];
    const held = Array.from({ length: IMAGE_WORKERS }, () =>
      inImageWorker(() => new Promise<void>((resolve) => releases.push(resolve))),
    );
    let processed = false;
    const upload = processImage(await solidJpeg(32, 32), 1_000_000).then((image) => {
      processed = true;
      return image;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processed).toBe(false);
    for (const release of releases) release();
    await Promise.all(held);
    expect((await upload).mime).toBe("image/jpeg");
  });
});
