/**
 * Shrinks a photo in the browser before upload (DESIGN §1): JPEG, PNG and WebP larger than
 * MAX_EDGE pixels or SKIP_BELOW_BYTES are redrawn as a JPEG. HEIC/HEIF (which browsers mostly
 * cannot decode) and anything that fails to decode are sent as they are; the server sniffs and
 * checks every upload anyway.
 */
const COMPRESSIBLE = new Set(["image/jpeg", "image/png", "image/webp"]);
const MAX_EDGE = 2560;
const QUALITY = 0.85;
const SKIP_BELOW_BYTES = 1.5 * 1024 * 1024;

export interface PreparedPhoto {
  blob: Blob;
  fileName: string;
}

function drawTo(width: number, height: number, bitmap: ImageBitmap): Promise<Blob | null> {
  if (typeof OffscreenCanvas === "function") {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d");
    if (!context) return Promise.resolve(null);
    context.fillStyle = "#ffffff"; // transparent PNG areas become white, not black
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    return canvas.convertToBlob({ type: "image/jpeg", quality: QUALITY });
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) return Promise.resolve(null);
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
}

export async function compressImage(file: File): Promise<PreparedPhoto> {
  const original = { blob: file, fileName: file.name || "photo" };
  if (!COMPRESSIBLE.has(file.type) || typeof createImageBitmap !== "function") return original;
  let bitmap: ImageBitmap | null = null;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size <= SKIP_BELOW_BYTES) return original;
    const blob = await drawTo(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale), bitmap);
    if (!blob || blob.size >= file.size) return original;
    return { blob, fileName: `${(file.name || "photo").replace(/\.[^.]*$/, "")}.jpg` };
  } catch {
    return original;
  } finally {
    bitmap?.close();
  }
}
