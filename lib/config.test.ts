import { describe, expect, it } from "vitest";
import { parseConfig, parseInngestDev, tracesExported, usesExternalInngest } from "./config";

const SIGNING_KEY = `signkey-test-${"ab".repeat(32)}`;
const EVENT_KEY = "e".repeat(32);

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
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, "OTEL_EXPORTER_OTLP_PROTOCOL"],
    [{ OTEL_TRACES_SAMPLER: "sometimes" }, "OTEL_TRACES_SAMPLER"],
    [{ OTEL_TRACES_SAMPLER_ARG: "10" }, "OTEL_TRACES_SAMPLER_ARG"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
  ])("stops with a message naming the variable for %j", (env, name) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`${name}:`));
  });

  it("treats any Inngest server variable as an external Inngest", () => {
    expect(usesExternalInngest(parseConfig({ INNGEST_DEV: "1" }))).toBe(true);
    expect(usesExternalInngest(parseConfig({ INNGEST_DEV: "http://127.0.0.1:8288" }))).toBe(true);
    const cloud = parseConfig({ INNGEST_SIGNING_KEY: SIGNING_KEY, INNGEST_EVENT_KEY: EVENT_KEY });
    expect(usesExternalInngest(cloud)).toBe(true);
    const selfHosted = { INNGEST_BASE_URL: "http://inngest:8288", INNGEST_SIGNING_KEY: SIGNING_KEY };
    expect(usesExternalInngest(parseConfig({ ...selfHosted, INNGEST_EVENT_KEY: EVENT_KEY }))).toBe(true);
  });

  it("exports traces only with an OTLP endpoint, unless the SDK or the exporter is turned off", () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
    expect(tracesExported(parseConfig({}))).toBe(false);
    expect(tracesExported(parseConfig(endpoint))).toBe(true);
    expect(
      tracesExported(parseConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://tempo:4318/v1/traces" })),
    ).toBe(true);
    expect(tracesExported(parseConfig({ ...endpoint, OTEL_SDK_DISABLED: "true" }))).toBe(false);
    expect(tracesExported(parseConfig({ ...endpoint, OTEL_TRACES_EXPORTER: "none" }))).toBe(false);
    expect(() => parseConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toThrow(/gRPC is not supported/);
  });

  it("reads INNGEST_DEV as the SDK does: 0 and false mean off", () => {
    expect(usesExternalInngest(parseConfig({ INNGEST_DEV: "0" }))).toBe(false);
    expect(usesExternalInngest(parseConfig({ INNGEST_DEV: "FALSE" }))).toBe(false);
    expect(parseInngestDev(" True ")).toBe(true);
    expect(parseInngestDev("localhost:8288")).toBe(true);
    expect(() => parseConfig({ INNGEST_DEV: "http://" })).toThrow(/INNGEST_DEV:/);
  });

  it("allows the dev server in production only with its named override", () => {
    const env = { NODE_ENV: "production", INNGEST_DEV: "1" };
    expect(() => parseConfig(env)).toThrow(/INNGEST_DEV: .*INNGEST_DEV_ALLOW_PRODUCTION=1/);
    expect(parseConfig({ ...env, INNGEST_DEV_ALLOW_PRODUCTION: "1" }).INNGEST_DEV).toBe(true);
  });

  it.each([
    [{ INNGEST_BASE_URL: "http://inngest:8288" }, "INNGEST_SIGNING_KEY", "INNGEST_BASE_URL"],
    [{ INNGEST_SIGNING_KEY: SIGNING_KEY }, "INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY"],
    [{ INNGEST_EVENT_KEY: EVENT_KEY }, "INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY"],
    [
      { INNGEST_EMBEDDED_SIGNING_KEY: SIGNING_KEY },
      "INNGEST_EMBEDDED_EVENT_KEY",
      "INNGEST_EMBEDDED_SIGNING_KEY",
    ],
    [{ INNGEST_EMBEDDED_EVENT_KEY: EVENT_KEY }, "INNGEST_EMBEDDED_SIGNING_KEY", "INNGEST_EMBEDDED_EVENT_KEY"],
    [
      { INNGEST_EMBEDDED_URL: "http://127.0.0.1:8288" },
      "INNGEST_EMBEDDED_URL",
      "INNGEST_EMBEDDED_SIGNING_KEY",
    ],
    [{ INNGEST_EMBEDDED_SIGNING_KEY: "secret" }, "INNGEST_EMBEDDED_SIGNING_KEY", "signkey-"],
    [
      { INNGEST_DEV: "1", INNGEST_EMBEDDED_SIGNING_KEY: SIGNING_KEY, INNGEST_EMBEDDED_EVENT_KEY: EVENT_KEY },
      "INNGEST_EMBEDDED_\\*",
      "INNGEST_DEV",
    ],
  ])("refuses the half-right job configuration %j, naming the variables", (env, variable, other) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`${variable}: .*${other}`));
  });

  it.each([
    [
      { INNGEST_DEV: "1", INNGEST_SERVE_ORIGIN: "https://app.example.com/api" },
      "INNGEST_SERVE_ORIGIN",
      "origin only",
    ],
    [{ INNGEST_DEV: "1", INNGEST_SERVE_ORIGIN: "ftp://app.example.com" }, "INNGEST_SERVE_ORIGIN", "http"],
    [{ INNGEST_SERVE_ORIGIN: "https://app.example.com" }, "INNGEST_SERVE_ORIGIN", "external Inngest"],
    [
      { NODE_ENV: "production", INNGEST_SIGNING_KEY: SIGNING_KEY, INNGEST_EVENT_KEY: EVENT_KEY },
      "INNGEST_SERVE_ORIGIN",
      "BETTER_AUTH_URL",
    ],
  ])("refuses a serve origin that cannot pin where Inngest calls the app: %j", (env, variable, reason) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`${variable}: .*${reason}`));
  });

  it("reads INNGEST_SERVE_ORIGIN as an origin", () => {
    const env = parseConfig({ INNGEST_DEV: "1", INNGEST_SERVE_ORIGIN: "https://App.Example.com:8443/" });
    expect(env.INNGEST_SERVE_ORIGIN).toBe("https://app.example.com:8443");
  });

  it("takes an executor another process runs with that executor's keys", () => {
    const env = parseConfig({
      INNGEST_EMBEDDED_URL: "http://127.0.0.1:8288",
      INNGEST_EMBEDDED_SIGNING_KEY: SIGNING_KEY,
      INNGEST_EMBEDDED_EVENT_KEY: EVENT_KEY,
    });
    expect(usesExternalInngest(env)).toBe(false);
  });
});
