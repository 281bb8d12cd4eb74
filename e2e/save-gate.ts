import { expect, type Page } from "@playwright/test";
import * as gate from "../lib/photos/save-gate";
import { photosOf } from "./api";
import type { NewMealPage } from "./pages/meal-pages";

/**
 * The spec side of the server's test-only save gate (lib/photos/save-gate.ts): every recognition
 * waits before its `save` step until the spec releases it, so the order of events is the spec's.
 */
const dir = () => {
  const value = process.env.E2E_SAVE_GATE_DIR;
  if (!value) throw new Error("E2E_SAVE_GATE_DIR is not set (see playwright.config.ts)");
  return value;
};

export const waitingSaves = () => gate.waitingSaves(dir());

export async function expectSaveWaiting(photoId: string, attempt = 1): Promise<void> {
  await expect.poll(() => gate.isSaveWaiting(dir(), photoId, attempt), { timeout: 30_000 }).toBe(true);
}

export const releaseSave = (photoId: string, attempt = 1) => gate.releaseSave(dir(), photoId, attempt);

/** Releases every save as soon as it waits, for specs that do not care about the order. */
export function releaseEverySave(): () => void {
  let running = true;
  const loop = async () => {
    while (running) {
      for (const key of await waitingSaves()) await gate.releaseSaveByKey(dir(), key);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  void loop();
  return () => {
    running = false;
  };
}

/** Adds a meal of one photo through the UI and waits until its recognition is about to save. */
export async function addOnePhotoWaitingToSave(page: Page, newMeal: NewMealPage, file: string) {
  const mealId = await newMeal.addMeal([file]);
  const [photo] = await photosOf(page, mealId, 1);
  if (!photo) throw new Error("no photo");
  await expectSaveWaiting(photo.id, 1);
  return { mealId, photo };
}
