/** Longest side sent to the server: plenty for recognition and the diary, a fraction of a phone photo. */
export const MAX_EDGE = 1600;
export const JPEG_QUALITY = 0.85;
/** A photo already this small and within MAX_EDGE is sent as it is. */
const SMALL_ENOUGH_BYTES = 1024 * 1024;

/**
 * Redraws an image as a JPEG no larger than MAX_EDGE, or answers null when the original is the
 * better upload (already small, or the JPEG came out larger). Uses only APIs that also exist in
 * a Worker: createImageBitmap and OffscreenCanvas.
 */
export async function shrinkToJpeg(file: Blob): Promise<Blob | null> {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  try {
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size <= SMALL_ENOUGH_BYTES) return null;
    const width = Math.round(bitmap.width * scale);
    const height = Math.round(bitmap.height * scale);
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d");
    if (!context) return null;
    context.fillStyle = "#ffffff"; // transparent PNG areas become white, not black
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    const jpeg = await canvas.convertToBlob({ type: "image/jpeg", quality: JPEG_QUALITY });
    return jpeg.size < file.size ? jpeg : null;
  } finally {
    bitmap.close();
  }
}
