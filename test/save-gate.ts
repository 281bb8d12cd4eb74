import { access, writeFile } from "node:fs/promises";
import path from "node:path";
import { eventually } from "./jobs";

/** The test side of lib/photos/save-gate.ts. */
function gatePath(photoId: string, attempt: number, suffix: "waiting" | "release"): string {
  const dir = process.env.RECOGNITION_SAVE_GATE_DIR;
  if (!dir) throw new Error("RECOGNITION_SAVE_GATE_DIR is not set for this test file");
  return path.join(dir, `${photoId}-${attempt}.${suffix}`);
}

export async function waitAtSaveGate(photoId: string, attempt = 1): Promise<void> {
  await eventually(() =>
    access(gatePath(photoId, attempt, "waiting")).then(
      () => true,
      () => false,
    ),
  );
}

export async function releaseSaveGate(photoId: string, attempt = 1): Promise<void> {
  await writeFile(gatePath(photoId, attempt, "release"), "");
}
