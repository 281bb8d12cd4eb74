import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "@playwright/test";

/**
 * The spec side of the server's test-only save gate (lib/photos/save-gate.ts): every recognition
 * waits before its `save` step until the spec releases it, so the order of events is the spec's.
 */
const dir = () => {
  const value = process.env.E2E_SAVE_GATE_DIR;
  if (!value) throw new Error("E2E_SAVE_GATE_DIR is not set (see playwright.config.ts)");
  return value;
};

export async function waitingSaves(): Promise<string[]> {
  await mkdir(dir(), { recursive: true });
  const names = await readdir(dir());
  const released = new Set(
    names.filter((n) => n.endsWith(".release")).map((n) => n.slice(0, -".release".length)),
  );
  return names
    .filter((n) => n.endsWith(".waiting"))
    .map((n) => n.slice(0, -".waiting".length))
    .filter((key) => !released.has(key));
}

export async function expectSaveWaiting(photoId: string, attempt = 1): Promise<void> {
  await expect
    .poll(async () => (await waitingSaves()).includes(`${photoId}-${attempt}`), { timeout: 30_000 })
    .toBe(true);
}

export async function releaseSave(photoId: string, attempt = 1): Promise<void> {
  await mkdir(dir(), { recursive: true });
  await writeFile(path.join(dir(), `${photoId}-${attempt}.release`), "");
}

/** Releases every save as soon as it waits, for specs that do not care about the order. */
export function releaseEverySave(): () => void {
  let running = true;
  const loop = async () => {
    while (running) {
      for (const key of await waitingSaves()) await writeFile(path.join(dir(), `${key}.release`), "");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  void loop();
  return () => {
    running = false;
  };
}
