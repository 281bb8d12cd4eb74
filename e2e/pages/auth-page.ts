import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export interface Credentials {
  name: string;
  email: string;
  password: string;
}

export function newCredentials(name = "E2E User"): Credentials {
  return { name, email: `e2e-${randomUUID()}@example.com`, password: "correct-horse-battery" };
}

/** The admin the server creates at its start (see playwright.config.ts). */
export const adminCredentials = (): Credentials => ({
  name: "Admin",
  email: process.env.E2E_ADMIN_EMAIL as string,
  password: process.env.E2E_ADMIN_PASSWORD as string,
});

/** The sign-up and sign-in screens. */
export class AuthPage {
  constructor(private readonly page: Page) {}

  async signUp(user: Credentials = newCredentials()): Promise<Credentials> {
    await this.page.goto("/sign-up");
    await this.page.getByLabel("Name").fill(user.name);
    await this.page.getByLabel("Email").fill(user.email);
    await this.page.getByLabel("Password").fill(user.password);
    await this.page.getByRole("button", { name: /sign up|create account/i }).click();
    await expect(this.page).toHaveURL(/\/diary/);
    return user;
  }

  async signIn(user: Credentials, next?: string): Promise<void> {
    await this.page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
    await this.page.getByLabel("Email").fill(user.email);
    await this.page.getByLabel("Password").fill(user.password);
    await this.page.getByRole("button", { name: /sign in/i }).click();
  }

  /** Through the account page, reached from the signed-in email in the header. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await this.page.getByRole("link", { name: /account, signed in as/i }).click();
    await expect(this.page.getByRole("heading", { name: "Account" })).toBeVisible();
    await this.page.getByLabel("Current password").fill(currentPassword);
    await this.page.getByLabel("New password").fill(newPassword);
    await this.page.getByRole("button", { name: "Change password" }).click();
  }

  async signOut(): Promise<void> {
    await this.page.getByRole("button", { name: /sign out/i }).click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }
}
