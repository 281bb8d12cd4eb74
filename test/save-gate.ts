import { isSaveWaiting, releaseSave } from "@/lib/photos/save-gate";
import { eventually } from "./jobs";

/** The suites' side of the save gate (lib/photos/save-gate.ts), in RECOGNITION_SAVE_GATE_DIR. */
function gateDir(): string {
  const dir = process.env.RECOGNITION_SAVE_GATE_DIR;
  if (!dir) throw new Error("RECOGNITION_SAVE_GATE_DIR is not set for this test file");
  return dir;
}

export async function waitAtSaveGate(photoId: string, attempt = 1): Promise<void> {
  await eventually(() => isSaveWaiting(gateDir(), photoId, attempt));
}

export async function releaseSaveGate(photoId: string, attempt = 1): Promise<void> {
  await releaseSave(gateDir(), photoId, attempt);
}
