import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type ProxyTracerProvider, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadConfig } from "@/lib/config";
import { startTracing } from "./start-tracing";
import { startTracingWhenExported } from "./start-when-exported";

/** A stand-in OTLP/HTTP collector: keeps what it is sent. */
const received: { path: string; contentType: string; body: Buffer }[] = [];
const collector = createServer((request: IncomingMessage, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    received.push({
      path: request.url ?? "",
      contentType: request.headers["content-type"] ?? "",
      body: Buffer.concat(chunks),
    });
    response.writeHead(200, { "content-type": request.headers["content-type"] ?? "application/json" });
    response.end(request.headers["content-type"]?.includes("json") ? "{}" : "");
  });
});
let endpoint = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});

afterAll(async () => {
  collector.closeAllConnections();
  await new Promise<void>((resolve) => collector.close(() => resolve()));
});

function configure(variables: Record<string, string>): void {
  for (const name of Object.keys(process.env)) if (name.startsWith("OTEL_")) delete process.env[name];
  Object.assign(process.env, variables);
  reloadConfig();
}

describe("OTLP export configured by the standard variables", () => {
  it("sends spans as OTLP/JSON to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, named by OTEL_SERVICE_NAME", async () => {
    configure({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_SERVICE_NAME: "mealsnap-test",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=test",
    });
    expect(await startTracingWhenExported()).toBe(true);
    trace.getTracer("mealsnap").startSpan("json probe").end();
    // As Next.js traces the SDK's event send: the event key is in the URL.
    const eventUrl = "http://127.0.0.1:8288/e/0123456789abcdef0123456789abcdef";
    trace
      .getTracer("next.js")
      .startSpan(`fetch POST ${eventUrl}`, { attributes: { "http.url": eventUrl } })
      .end();
    const registered = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate();
    await (registered as unknown as { forceFlush(): Promise<void> }).forceFlush();
    const sent = received.find((request) => request.body.includes("json probe"));
    expect(sent).toMatchObject({ path: "/v1/traces", contentType: "application/json" });
    expect(String(sent?.body)).toContain("fetch POST http://127.0.0.1:8288/e/[redacted]");
    expect(received.some((request) => request.body.includes("0123456789abcdef0123456789abcdef"))).toBe(false);
    const payload = JSON.parse(String(sent?.body)) as {
      resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] } }[];
    };
    const resource = Object.fromEntries(
      payload.resourceSpans[0]?.resource.attributes.map((a) => [a.key, a.value.stringValue]) ?? [],
    );
    expect(resource).toMatchObject({
      "service.name": "mealsnap-test",
      "deployment.environment.name": "test",
    });
  });

  it("sends OTLP/protobuf by default, to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given", async () => {
    configure({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/custom/traces` });
    // The first test registered the global provider; this one exports through its own.
    const provider = await startTracing();
    provider.getTracer("mealsnap").startSpan("protobuf probe").end();
    await provider.forceFlush();
    const sent = received.find((request) => request.body.includes("protobuf probe"));
    expect(sent).toMatchObject({ path: "/custom/traces", contentType: "application/x-protobuf" });
    await provider.shutdown();
  });
});
