import "server-only";
import { chmodSync, mkdirSync, statSync } from "node:fs";

/**
 * The app's data on disk — the embedded database, the secrets it generates, the photos — is for
 * the user the server runs as alone. A mode given at creation can only be narrowed by the umask.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIRECTORY_MODE = 0o700;

/** Creates `dir` and its missing parents, each 0700; an existing folder is left as it is. */
export function makePrivateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
}

/**
 * makePrivateDirectory, and an existing `dir` open to others is narrowed to 0700: only for a
 * folder the app alone uses (its database's, its photos'), never one it may share (a parent).
 */
export function claimPrivateDirectory(dir: string): void {
  makePrivateDirectory(dir);
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, PRIVATE_DIRECTORY_MODE);
}
