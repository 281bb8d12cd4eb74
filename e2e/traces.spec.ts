import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import {
  apiClient,
  createMeal,
  eventually,
  jsonOf,
  mealView,
  PHOTO,
  type ServerProcess,
  signUpThrough,
  startOwnServer,
  stopServer,
  waitHealthy,
} from "./production-server";

/**
 * Traces from the production server (`next start`): OpenTelemetry registered by the
 * instrumentation hook from OTEL_EXPORTER_OTLP_ENDPOINT, exported as OTLP/JSON to a collector this
 * spec runs. One upload, continuing the caller's `traceparent`, is followed through Next.js's
 * request span, the app's route and SQL spans and, through the outbox and the embedded executor,
 * every step of its job: one trace.
 */

test.describe.configure({ mode: "serial", timeout: 120_000 });

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: Record<string, unknown> }[];
  scope: string;
}

const exported: ExportedSpan[] = [];
const bodies: string[] = [];
let collector: Server;
let server: ServerProcess;

test.beforeAll(async () => {
  collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      bodies.push(body);
      const payload = JSON.parse(body) as {
        resourceSpans: { scopeSpans: { scope: { name: string }; spans: Omit<ExportedSpan, "scope">[] }[] }[];
      };
      for (const resource of payload.resourceSpans)
        for (const { scope, spans } of resource.scopeSpans)
          for (const span of spans) exported.push({ ...span, scope: scope.name });
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  const { port } = collector.address() as AddressInfo;
  server = await startOwnServer("traces", {
    BETTER_AUTH_SECRET: "traces-secret-traces-secret-traces-0123",
    DEMO_RECOGNITION_LATENCY_MS: "0",
    RATE_LIMIT_AUTH_PER_MINUTE: "0",
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_BSP_SCHEDULE_DELAY: "200",
  });
  await waitHealthy(server);
});

test.afterAll(async () => {
  if (server) await stopServer(server);
  collector?.closeAllConnections();
  await new Promise<void>((resolve) => (collector ? collector.close(() => resolve()) : resolve()));
});

const attribute = (span: ExportedSpan, key: string) =>
  Object.values(span.attributes.find((entry) => entry.key === key)?.value ?? {})[0];

test("one upload is one trace: Next.js's request, the route, its SQL and every step of its job", async () => {
  const anonymous = await apiClient(server.url);
  const owner = await signUpThrough(anonymous, "Tracer");
  await anonymous.dispose();
  const api = await apiClient(server.url, owner.cookie);
  const mealId = await createMeal(api);
  // The caller's trace: Next.js continues it, and so does everything below.
  const traceId = randomUUID().replaceAll("-", "");
  const response = await api.post(`/api/meals/${mealId}/photos`, {
    headers: { traceparent: `00-${traceId}-${"ab".repeat(8)}-01` },
    multipart: {
      file: { name: "salad.jpg", mimeType: "image/jpeg", buffer: PHOTO },
      clientUploadId: randomUUID(),
    },
  });
  const photoId = (await jsonOf<{ photo: { id: string } }>(response, 201)).photo.id;
  await eventually("the photo is recognised", async () =>
    (await mealView(api, mealId)).photos[0]?.status === "SUCCESS" ? true : undefined,
  );
  await api.dispose();

  const steps = ["recognize-photo recognize", "recognize-photo save"];
  const trace = await eventually("the job's spans are exported", async () => {
    const spans = exported.filter((span) => span.traceId === traceId);
    return steps.every((name) => spans.some((span) => span.name === name)) ? spans : undefined;
  });
  const byId = new Map(trace.map((span) => [span.spanId, span]));
  const ancestors = (span: ExportedSpan) => {
    const names: string[] = [];
    for (let parent = byId.get(span.parentSpanId ?? ""); parent; parent = byId.get(parent.parentSpanId ?? ""))
      names.push(parent.name);
    return names;
  };

  const nextRequest = trace.find(
    (span) => span.scope === "next.js" && span.name === "POST /api/meals/[id]/photos",
  );
  expect(nextRequest?.parentSpanId).toBe("ab".repeat(8));
  const route = trace.find((span) => span.name === "POST /api/meals/:id/photos");
  if (!route) throw new Error("no route span");
  expect(ancestors(route)).toContain("POST /api/meals/[id]/photos");
  expect(Number(attribute(route, "http.response.status_code"))).toBe(201);
  // The photo row and its outbox row are one statement (a WITH) in the upload's transaction.
  const insert = trace.find((span) =>
    String(attribute(span, "db.query.text") ?? "").includes('insert into "meal_photos"'),
  );
  expect(insert?.name).toBe("WITH");
  expect(insert && ancestors(insert)).toContain("POST /api/meals/:id/photos");
  expect(attribute(insert as ExportedSpan, "db.system.name")).toBe("postgresql");
  for (const name of steps) {
    const step = trace.find((span) => span.name === name) as ExportedSpan;
    expect(ancestors(step)).toContain("POST /api/meals/:id/photos");
    expect(attribute(step, "mealsnap.photo.id")).toBe(photoId);
    expect(Number(attribute(step, "mealsnap.photo.attempt"))).toBe(1);
    expect(trace.some((span) => span.parentSpanId === step.spanId && attribute(span, "db.system.name"))).toBe(
      true,
    );
  }
  // The Inngest event key, in the URL the SDK sends events to, never leaves the process.
  const eventKey = /\/e\/([A-Za-z0-9_-]{16,})/;
  expect(bodies.some((body) => eventKey.test(body))).toBe(false);
});
