import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";

export const FIXTURES = path.join(import.meta.dirname, "..", "fixtures");
export const fixture = (name: string) => path.join(FIXTURES, name);

/** /meals/new: choose photos, upload, land on the meal's recognition page. */
export class NewMealPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/meals/new");
  }

  async choosePhotos(files: string[]): Promise<void> {
    await this.page.locator('input[type="file"]').first().setInputFiles(files.map(fixture));
  }

  async submit(): Promise<void> {
    await this.page.getByRole("button", { name: /upload|add meal|analy[sz]e|save/i }).click();
  }

  /** Presses Cancel as soon as it appears (uploads still in flight, or just handed over). */
  async cancelAtOnce(): Promise<void> {
    await this.page.getByRole("button", { name: /^cancel$/i }).click();
  }

  /** Uploads the photos and waits for the meal page; returns the meal id. */
  async addMeal(files: string[]): Promise<string> {
    await this.open();
    await this.choosePhotos(files);
    await this.submit();
    await expect(this.page).toHaveURL(/\/meals\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    return this.page.url().split("/").pop() as string;
  }
}

/** /meals/:id: one card per photo with its status. */
export class MealPage {
  constructor(private readonly page: Page) {}

  photoCards(): Locator {
    return this.page
      .getByRole("listitem")
      .filter({ has: this.page.getByRole("img", { name: /shot \d+ of the meal/i }) });
  }

  photoCard(index: number): Locator {
    return this.photoCards().filter({
      has: this.page.getByRole("img", { name: `Shot ${index + 1} of the meal` }),
    });
  }

  async expectStatus(index: number, label: RegExp): Promise<void> {
    await expect(this.photoCard(index)).toContainText(label, { timeout: 30_000 });
  }

  async cancel(): Promise<void> {
    await this.page.getByRole("button", { name: /^cancel$/i }).click();
    await expect(this.page.getByRole("button", { name: /^cancel/i })).toHaveCount(0);
  }

  async retry(index: number): Promise<void> {
    await this.page.getByRole("button", { name: `Retry shot ${index + 1}` }).click();
  }

  /** The live status line under the title (where focus goes after Cancel and Retry). */
  summary(): Locator {
    return this.page.locator('main [role="status"][tabindex="-1"]');
  }

  /** Follows an in-app link with recognition in flight and answers the question it asks. */
  async leaveBy(link: Locator, answer: "Keep recognising" | "Stop and leave"): Promise<void> {
    await link.click();
    const dialog = this.page.getByRole("dialog", { name: /keep recognising/i });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Keep recognising" })).toBeFocused();
    await dialog.getByRole("button", { name: answer }).click();
  }

  async done(): Promise<void> {
    await this.page.getByRole("link", { name: /^done$/i }).click();
    await expect(this.page).toHaveURL(/\/diary/);
  }
}

/** /diary: the day's meals, their photos and the totals. */
export class DiaryPage {
  constructor(private readonly page: Page) {}

  async open(date?: string): Promise<void> {
    await this.page.goto(date ? `/diary?date=${date}` : "/diary");
  }

  diaryPhotos(): Locator {
    return this.page.locator("main img[src^='/api/photos/']");
  }

  kcalProgress(): Locator {
    return this.page.getByRole("progressbar").first();
  }

  emptyState(): Locator {
    return this.page.getByText(/no meals yet/i);
  }

  /** The quiet strip of meals the user stopped (out of the day's meals and totals). */
  stoppedMeals(): Locator {
    return this.page.getByRole("region", { name: "Stopped" });
  }
}
