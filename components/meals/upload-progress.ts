import { formatBytes } from "@/components/format";

interface Sending {
  state: string;
  bytes: number;
  progress: number;
}

/** Bytes sent and to send over the photos being uploaded now (stored ones count as sent). */
export function bytesProgress(uploads: readonly Sending[]): { sent: number; total: number } {
  let sent = 0;
  let total = 0;
  for (const upload of uploads) {
    if (upload.state === "refused" || upload.state === "stopped" || upload.state === "ready") continue;
    total += upload.bytes;
    sent += upload.state === "uploaded" ? upload.bytes : upload.bytes * upload.progress;
  }
  return { sent, total };
}

/** "Uploading 1.2 MB of 3.4 MB · about 20 s left", the time from the average speed so far. */
export function describeUploadProgress(sent: number, total: number, elapsedMs: number): string {
  const line = `Uploading ${formatBytes(Math.round(sent))} of ${formatBytes(total)}`;
  // Too early (or nothing sent yet) for an honest estimate.
  if (sent <= 0 || elapsedMs < 1500 || sent >= total) return `${line}…`;
  const secondsLeft = Math.ceil(((total - sent) / sent) * (elapsedMs / 1000));
  const left = secondsLeft < 60 ? `${secondsLeft} s` : `${Math.ceil(secondsLeft / 60)} min`;
  return `${line} · about ${left} left`;
}
