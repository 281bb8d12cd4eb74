import { randomUUID } from "node:crypto";

/** A photo upload body as a browser's FormData sends it: `clientUploadId` and `file`. */
export function photoUploadBody(jpeg: Buffer, clientUploadId: string, boundary: string): Buffer {
  const fields =
    `--${boundary}\r\nContent-Disposition: form-data; name="clientUploadId"\r\n\r\n${clientUploadId}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\n` +
    "Content-Type: image/jpeg\r\n\r\n";
  return Buffer.concat([Buffer.from(fields), jpeg, Buffer.from(`\r\n--${boundary}--\r\n`)]);
}

export function newBoundary(): string {
  return `----mealsnap-bench-${randomUUID()}`;
}
