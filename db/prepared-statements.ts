import { postgresJsDriver, proxyDriver } from "./driver-proxy";

/**
 * postgres.js with every statement drizzle sends named and prepared. drizzle asks for unnamed
 * statements (`prepare: false`), which postgres.js sends in two round trips (parse and describe,
 * then bind and execute) and Postgres parses and plans each time. A named statement is kept per
 * connection by its text and types, so its next runs are one round trip that skips the parse
 * (docs/PERFORMANCE.md). The texts are drizzle's, parameterised, so they are few; a connection and
 * its statements are renewed with postgres.js's `max_lifetime` (30 to 60 minutes).
 */
export const preparingPostgresJs = <T extends object>(client: T): T =>
  proxyDriver(client, postgresJsDriver, {
    layer: "named statements",
    statement: (send, [query, parameters, options]) =>
      send(query, parameters, { ...(options as object | undefined), prepare: true }),
  });
