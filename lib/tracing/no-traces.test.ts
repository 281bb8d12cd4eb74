import { trace } from "@opentelemetry/api";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { driverLayers } from "@/db/driver-proxy";
import { jobOutbox } from "@/db/schema";
import { reloadConfig } from "@/lib/config";
import { recognitionEventId } from "@/lib/jobs/events";
import { signUp, type TestUser } from "@/test/app-client";
import { settledRecognition, startJobs } from "@/test/jobs";
import { uploadPhoto } from "@/test/meal-flow";
import { inSpan } from "./spans";
import { startTracingWhenExported } from "./start-when-exported";
import { tracingStarted } from "./tracing-state";

// Each OpenTelemetry SDK package records it if anything in this process imports it.
const loaded = vi.hoisted(() => {
  const names = new Set<string>();
  return { names, mark: (name: string) => names.add(name) && {} };
});
vi.mock("@opentelemetry/sdk-trace-node", () => loaded.mark("sdk-trace-node"));
vi.mock("@opentelemetry/sdk-trace-base", () => loaded.mark("sdk-trace-base"));
vi.mock("@opentelemetry/resources", () => loaded.mark("resources"));
vi.mock("@opentelemetry/exporter-trace-otlp-proto", () => loaded.mark("exporter-trace-otlp-proto"));
vi.mock("@opentelemetry/exporter-trace-otlp-http", () => loaded.mark("exporter-trace-otlp-http"));

for (const name of Object.keys(process.env)) if (name.startsWith("OTEL_")) delete process.env[name];
reloadConfig();

let user: TestUser;

beforeAll(async () => {
  user = await signUp();
  await startJobs();
});

describe("without an OTLP endpoint", () => {
  it("never loads the SDK, traces nothing and carries no trace context, while an upload runs its job", async () => {
    expect(await startTracingWhenExported()).toBe(false);
    expect(tracingStarted()).toBe(false);

    const meal = await user.client.createMeal();
    const photoId = await uploadPhoto(user, meal.id);
    expect((await settledRecognition(photoId)).status).toBe("Completed");

    // The API's no-op: spans record nothing, none is ever active.
    await inSpan("probe", {}, async (span) => {
      expect(span.isRecording()).toBe(false);
      expect(trace.getActiveSpan()?.isRecording() ?? false).toBe(false);
    });
    // The driver is not wrapped for SQL spans.
    const db = await getDb();
    expect(driverLayers((db as unknown as { $client: object }).$client)).not.toContain("SQL spans");
    // The event in the outbox holds the photo's ids and nothing else.
    const [row] = await db
      .select()
      .from(jobOutbox)
      .where(eq(jobOutbox.id, recognitionEventId({ photoId, attempt: 1 })));
    expect(Object.keys(row?.data as object).sort()).toEqual(["attempt", "mealId", "photoId", "userId"]);
    expect([...loaded.names]).toEqual([]);
  });
});
