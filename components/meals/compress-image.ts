/**
 * Shrinks a photo in the browser before upload: JPEG, PNG and WebP are redrawn in a Worker (off
 * the main thread) as a JPEG of at most 1600 px on the longest side. HEIC (which browsers mostly
 * cannot decode), browsers without OffscreenCanvas, failures and anything slower than the time
 * limit send the original file; the server checks and re-encodes every upload anyway.
 */
const COMPRESSIBLE = new Set(["image/jpeg", "image/png", "image/webp"]);
const TIME_LIMIT_MS = 10_000;

export interface PreparedPhoto {
  blob: Blob;
  fileName: string;
}

function shrinkInWorker(file: File, timeLimitMs: number): Promise<Blob | null> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./compress-worker.ts", import.meta.url), { type: "module" });
    const finish = (blob: Blob | null) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(blob);
    };
    const timer = setTimeout(() => finish(null), timeLimitMs);
    worker.onmessage = (event: MessageEvent<Blob | null>) => finish(event.data);
    worker.onerror = () => finish(null);
    worker.postMessage(file);
  });
}

const canShrinkOffMainThread = () =>
  typeof Worker === "function" &&
  typeof OffscreenCanvas === "function" &&
  typeof createImageBitmap === "function";

export async function compressImage(file: File, timeLimitMs = TIME_LIMIT_MS): Promise<PreparedPhoto> {
  const original = { blob: file, fileName: file.name || "photo" };
  if (!COMPRESSIBLE.has(file.type) || !canShrinkOffMainThread()) return original;
  try {
    const jpeg = await shrinkInWorker(file, timeLimitMs);
    if (!jpeg) return original;
    return { blob: jpeg, fileName: `${(file.name || "photo").replace(/\.[^.]*$/, "")}.jpg` };
  } catch {
    return original; // e.g. the Worker could not be created
  }
}
