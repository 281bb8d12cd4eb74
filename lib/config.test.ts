import { describe, expect, it } from "vitest";
import { parseConfig, usesExternalInngest } from "./config";

describe("configuration", () => {
  it("applies the documented defaults to an empty environment", () => {
    const env = parseConfig({});
    expect(env).toMatchObject({
      PORT: 3000,
      RECOGNITION_PROVIDER: "demo",
      STORAGE_DRIVER: "disk",
      STORAGE_DIR: ".data/uploads",
      STUCK_PHOTO_TIMEOUT_S: 120,
      MAX_UPLOAD_BYTES: 15 * 1024 * 1024,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(usesExternalInngest(env)).toBe(false);
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ RECOGNITION_PROVIDER: "magic" }, "RECOGNITION_PROVIDER"],
    [{ DEMO_RECOGNITION_FAILURE_RATE: "2" }, "DEMO_RECOGNITION_FAILURE_RATE"],
    [{ ADMIN_EMAIL: "admin@example.com" }, "ADMIN_PASSWORD"],
    [{ STORAGE_DRIVER: "s3" }, "S3_BUCKET"],
    [{ BETTER_AUTH_SECRET: "short" }, "BETTER_AUTH_SECRET"],
    [{ S3_FORCE_PATH_STYLE: "yes" }, "S3_FORCE_PATH_STYLE"],
    [{ NODE_ENV: "production", DATABASE_URL: "postgres://db/mealsnap" }, "BETTER_AUTH_SECRET"],
  ])("stops with a message naming the variable for %j", (env, name) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`${name}:`));
  });

  it("treats any Inngest server variable as an external Inngest", () => {
    expect(usesExternalInngest(parseConfig({ INNGEST_DEV: "1" }))).toBe(true);
    expect(usesExternalInngest(parseConfig({ INNGEST_SIGNING_KEY: "signkey-prod-abc" }))).toBe(true);
  });
});
