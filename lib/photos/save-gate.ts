import { access, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";

// Test-only, and shared on purpose (no `server-only`): the server waits at the gate, and the
// suites, the browser specs and the screenshot script drive it, all through this one module.

const GATE_TIMEOUT_MS = 60_000;

type GateSide = "waiting" | "release";

const gateKey = (photoId: string, attempt: number) => `${photoId}-${attempt}`;
// The folder is an environment variable's, never the project's: nothing for the build to trace.
const gateFile = (dir: string, key: string, side: GateSide) =>
  path.join(/*turbopackIgnore: true*/ dir, `${key}.${side}`);

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/**
 * The server's side: a hold before the race guard, so a test can commit a cancel while `save` is
 * about to run (DESIGN §8 scenario D). With RECOGNITION_SAVE_GATE_DIR set, the save step of a
 * photo attempt writes `<photoId>-<attempt>.waiting` there and waits for
 * `<photoId>-<attempt>.release` (at most a minute). Unset — always, in production — it returns at once.
 */
export async function passSaveGate(photoId: string, attempt: number): Promise<void> {
  // Read at each call, not from the validated config: a test sets it after the app has loaded.
  const dir = process.env.RECOGNITION_SAVE_GATE_DIR;
  if (!dir) return;
  const key = gateKey(photoId, attempt);
  await mkdir(dir, { recursive: true });
  await writeFile(gateFile(dir, key, "waiting"), "");
  const deadline = Date.now() + GATE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await exists(gateFile(dir, key, "release"))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The driver's side: whether the save of this photo attempt is waiting at the gate in `dir`. */
export function isSaveWaiting(dir: string, photoId: string, attempt = 1): Promise<boolean> {
  return exists(gateFile(dir, gateKey(photoId, attempt), "waiting"));
}

/** Lets the save of this photo attempt go on (a release may come before it waits). */
export async function releaseSave(dir: string, photoId: string, attempt = 1): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(gateFile(dir, gateKey(photoId, attempt), "release"), "");
}

/** The `<photoId>-<attempt>` keys of the saves waiting at the gate in `dir` and not yet released. */
export async function waitingSaves(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names = await readdir(dir);
  const keysOf = (side: GateSide) =>
    names.filter((name) => name.endsWith(`.${side}`)).map((name) => name.slice(0, -`.${side}`.length));
  const released = new Set(keysOf("release"));
  return keysOf("waiting").filter((key) => !released.has(key));
}

/** Releases a waiting save by its key from `waitingSaves`. */
export async function releaseSaveByKey(dir: string, key: string): Promise<void> {
  await writeFile(gateFile(dir, key, "release"), "");
}
