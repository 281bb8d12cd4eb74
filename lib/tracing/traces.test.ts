import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { jobOutbox } from "@/db/schema";
import { recognitionEventId } from "@/lib/jobs/events";
import { signUp, type TestUser } from "@/test/app-client";
import { eventually, settledRecognition, startJobs } from "@/test/jobs";
import { mealView, uploadPhoto } from "@/test/meal-flow";
import { startTracing } from "./start-tracing";

// The SDK as production registers it, exporting to memory instead of OTLP; registered before the
// database opens, as the server does, so the driver is traced.
const exporter = new InMemorySpanExporter();
let provider: NodeTracerProvider;
let user: TestUser;

beforeAll(async () => {
  provider = await startTracing(new SimpleSpanProcessor(exporter));
  user = await signUp();
  await startJobs();
});

afterAll(async () => {
  await provider.shutdown();
});

const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;

/** The span's ancestors in `spans`, nearest first. */
function ancestorsOf(span: ReadableSpan, spans: ReadableSpan[]): ReadableSpan[] {
  const byId = new Map(spans.map((candidate) => [idOf(candidate), candidate]));
  const chain: ReadableSpan[] = [];
  for (let parent = span.parentSpanContext?.spanId; parent; ) {
    const found = byId.get(parent);
    if (!found) break;
    chain.push(found);
    parent = found.parentSpanContext?.spanId;
  }
  return chain;
}

const sqlChildrenOf = (parent: ReadableSpan, spans: ReadableSpan[]) =>
  spans.filter(
    (span) =>
      span.attributes["db.system.name"] === "postgresql" &&
      span.kind === SpanKind.CLIENT &&
      ancestorsOf(span, spans).some((ancestor) => idOf(ancestor) === idOf(parent)),
  );

describe("traces", () => {
  it("follows one upload from its route through the SQL and the outbox into every step of its job, in one trace", async () => {
    const meal = await user.client.createMeal();
    exporter.reset();
    const photoId = await uploadPhoto(user, meal.id);
    const run = await settledRecognition(photoId);
    expect(run.status).toBe("Completed");
    expect((await mealView(user, meal.id)).photos[0]?.status).toBe("SUCCESS");

    const stepNames = ["recognize-photo recognize", "recognize-photo save"];
    const spans = await eventually(() => {
      const finished = exporter.getFinishedSpans();
      return stepNames.every((name) => finished.some((span) => span.name === name)) ? finished : undefined;
    });

    // The route: named by its pattern, with the answer's status.
    const route = spans.find((span) => span.name === "POST /api/meals/:id/photos");
    expect(route?.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/api/meals/:id/photos",
      "http.response.status_code": 201,
    });
    if (!route) throw new Error("no route span");
    const traceId = traceOf(route);

    // Its SQL: the photo row and the outbox row, in one statement of their transaction,
    // parameterised text only.
    const routeSql = sqlChildrenOf(route, spans);
    const insertPhoto = routeSql.find((span) =>
      String(span.attributes["db.query.text"]).includes('insert into "meal_photos"'),
    );
    expect(insertPhoto?.name).toBe("WITH");
    expect(insertPhoto?.attributes["db.query.text"]).toContain('insert into "job_outbox"');
    expect(insertPhoto?.attributes["db.query.text"]).toContain("$1");
    const transaction = ancestorsOf(insertPhoto as ReadableSpan, spans).find(
      (span) => span.name === "transaction",
    );
    expect(transaction).toBeDefined();
    // The transaction that wrote the outbox row says which job it queued.
    expect(
      transaction?.events.find((event) => event.name === "recognition queued")?.attributes,
    ).toMatchObject({
      "mealsnap.photo.id": photoId,
      "mealsnap.photo.attempt": 1,
    });

    // The event carried the trace through the outbox row (the relay sends what the row holds).
    const db = await getDb();
    const [row] = await db
      .select()
      .from(jobOutbox)
      .where(eq(jobOutbox.id, recognitionEventId({ photoId, attempt: 1 })));
    expect((row?.data as { traceparent?: string } | undefined)?.traceparent).toMatch(
      new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`),
    );

    // Every step of the job: in the upload's trace, under its route, with the photo and the run.
    const executions = new Set(spans.filter((span) => span.name === "inngest.execution").map(idOf));
    for (const name of stepNames) {
      const step = spans.find((span) => span.name === name);
      if (!step) throw new Error(`no span for ${name}`);
      expect(traceOf(step)).toBe(traceId);
      expect(step.kind).toBe(SpanKind.CONSUMER);
      expect(ancestorsOf(step, spans).map(idOf)).toContain(idOf(route));
      expect(step.attributes).toMatchObject({
        "mealsnap.photo.id": photoId,
        "mealsnap.photo.attempt": 1,
        "mealsnap.meal.id": meal.id,
        "inngest.function.id": "recognize-photo",
        "inngest.run.id": run.run_id,
        "inngest.step.name": name.split(" ")[1],
        "inngest.step.attempt": 0,
      });
      // The engine's call that ran the step is its own trace, linked from the step.
      expect(step.links.map((link) => link.context.spanId).some((id) => executions.has(id))).toBe(true);
      const stepSql = sqlChildrenOf(step, spans);
      expect(stepSql.length).toBeGreaterThan(0);
      for (const statement of stepSql) expect(traceOf(statement)).toBe(traceId);
    }
    const recognize = spans.find((span) => span.name === "recognize-photo recognize") as ReadableSpan;
    expect(sqlChildrenOf(recognize, spans).map((span) => span.name)).toContain("UPDATE meal_photos");
    const save = spans.find((span) => span.name === "recognize-photo save") as ReadableSpan;
    // The items and the photo's SUCCESS are one statement: the photo's UPDATE with the items' INSERT as a CTE.
    const saveItems = sqlChildrenOf(save, spans).find((span) =>
      String(span.attributes["db.query.text"]).includes('insert into "food_items"'),
    );
    expect(saveItems?.name).toBe("WITH");
    expect(saveItems?.attributes["db.query.text"]).toContain('update "meal_photos"');
  });

  it("marks a failed statement's span with its SQLSTATE but never its parameters, and makes no span outside a trace", async () => {
    const db = await getDb();
    exporter.reset();
    await db.execute(sql`select 1 from meal_photos limit 1`);
    expect(exporter.getFinishedSpans()).toEqual([]);

    const { inSpan } = await import("./spans");
    const secret = "a-parameter-value-never-exported";
    await expect(
      inSpan("probe", {}, () => db.execute(sql`select * from no_such_table where name = ${secret}`)),
    ).rejects.toThrow(secret);
    const spans = exporter.getFinishedSpans();
    const statement = spans.find((span) => span.attributes["db.system.name"]);
    expect(statement?.attributes["db.response.status_code"]).toBe("42P01");
    expect(statement?.status.code).toBe(2); // ERROR
    const probe = spans.find((span) => span.name === "probe");
    expect(probe?.status.code).toBe(2);
    expect(probe?.events.map((event) => event.name)).toEqual(["exception"]);
    // The error drizzle threw names the parameters; what is exported never does.
    const exported = spans.map(({ name, attributes, events, status }) => ({
      name,
      attributes,
      events,
      status,
    }));
    expect(JSON.stringify(exported)).not.toContain(secret);
  });
});
