import "server-only";
import { access, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

const GATE_TIMEOUT_MS = 60_000;

/**
 * Test-only hold before the race guard, so a test can commit a cancel while `save` is about to
 * run (DESIGN §8 scenario D). With RECOGNITION_SAVE_GATE_DIR set, the save step of a photo
 * attempt writes `<photoId>-<attempt>.waiting` there and waits for `<photoId>-<attempt>.release`
 * (at most a minute). Unset — always, in production — it returns at once.
 */
export async function passSaveGate(photoId: string, attempt: number): Promise<void> {
  // Read at each call, not from the validated config: a test sets it after the app has loaded.
  const dir = process.env.RECOGNITION_SAVE_GATE_DIR;
  if (!dir) return;
  const name = path.join(dir, `${photoId}-${attempt}`);
  await mkdir(dir, { recursive: true });
  await writeFile(`${name}.waiting`, "");
  const deadline = Date.now() + GATE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      await access(`${name}.release`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
