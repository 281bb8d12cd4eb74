import { SpanKind } from "@opentelemetry/api";
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_SUMMARY,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from "@opentelemetry/semantic-conventions";
import { inSpan, insideRecordingSpan, recordFailure, tracer } from "@/lib/tracing/spans";
import { pgliteDriver, postgresJsDriver, proxyDriver, type StatementHooks } from "./driver-proxy";

/**
 * SQL spans for both drivers, installed only while traces are exported (db/client.ts): neither
 * postgres.js nor PGlite has OpenTelemetry instrumentation of its own. Each statement drizzle sends
 * is a CLIENT span with its parameterised text (the values are never recorded), each transaction a
 * span around its statements. Statements outside any trace (the outbox relay's timer, start-up)
 * make no span: a trace starts at a request or a job, never at a query.
 */

const OPERATION = /^\s*\(?\s*([a-z]+)/i;
const TABLE = /\b(?:from|into|update)\s+"?([a-z_][a-z0-9_]*)"?/i;

function statementSummary(query: string): { operation: string; table?: string } {
  const operation = (OPERATION.exec(query)?.[1] ?? "query").toUpperCase();
  const table = ["SELECT", "INSERT", "UPDATE", "DELETE"].includes(operation)
    ? TABLE.exec(query)?.[1]
    : undefined;
  return { operation, table };
}

const databaseAttributes = { [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL };

/** Follows a statement's promise to the end without changing it (or, for postgres.js, starting it). */
function traceStatement(query: string, settled: PromiseLike<unknown>): void {
  if (!insideRecordingSpan()) return;
  const { operation, table } = statementSummary(query);
  const summary = table ? `${operation} ${table}` : operation;
  const span = tracer().startSpan(summary, {
    kind: SpanKind.CLIENT,
    attributes: {
      ...databaseAttributes,
      [ATTR_DB_QUERY_TEXT]: query,
      [ATTR_DB_QUERY_SUMMARY]: summary,
      [ATTR_DB_OPERATION_NAME]: operation,
      ...(table ? { [ATTR_DB_COLLECTION_NAME]: table } : {}),
    },
  });
  // Promise.prototype.then, not the query's own: postgres.js runs a query when its `then` is called.
  Promise.prototype.then.call(
    settled,
    () => span.end(),
    (error: unknown) => {
      const code = (error as { code?: unknown }).code;
      if (typeof code === "string") span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, code);
      recordFailure(span, error);
      span.end();
    },
  );
}

function inTransactionSpan<T>(run: () => Promise<T>): Promise<T> {
  if (!insideRecordingSpan()) return run();
  return inSpan("transaction", { kind: SpanKind.CLIENT, attributes: databaseAttributes }, run);
}

const tracing: StatementHooks = {
  layer: "SQL spans",
  statement(send, [query, ...rest]) {
    const pending = send(query, ...rest) as PromiseLike<unknown>;
    traceStatement(String(query), pending);
    return pending;
  },
  transaction: inTransactionSpan,
};

/** postgres.js with SQL spans. */
export const tracedPostgresJs = <T extends object>(client: T): T =>
  proxyDriver(client, postgresJsDriver, tracing);

/** PGlite with SQL spans. */
export const tracedPglite = <T extends object>(client: T): T => proxyDriver(client, pgliteDriver, tracing);
