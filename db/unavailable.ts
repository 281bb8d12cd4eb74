import { databaseErrorCode } from "./transaction";

// Driver and Postgres errors that mean "the database is not reachable right now", not a bug:
// connection failures (Node's socket codes, also on the AggregateError of a refused connect to
// every address of a host; postgres.js's codes; SQLSTATE class 08) and server shutdown, start-up
// or a full connection table.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/**
 * Whether `error` means the database is unreachable (DESIGN §5: 503, never 500), looking through
 * the wrappers drizzle ("Failed query: …") and the auth library put around the driver's error.
 * API routes and pages both ask this.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = databaseErrorCode(error);
  return code !== undefined && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"));
}
