import { connect } from "node:net";
import { APIError } from "better-auth/api";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { freePort } from "@/test/jobs";
import { getDb } from "./client";
import { isDatabaseUnavailable } from "./unavailable";

/** What `run` throws (it must throw). */
async function thrownBy(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

/** A drizzle handle on postgres.js to a port where nothing listens (the connection is refused). */
async function refusingDatabase() {
  const client = postgres(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`, {
    max: 1,
    onnotice: () => {},
  });
  return { db: drizzle(client), close: () => client.end({ timeout: 1 }) };
}

describe("isDatabaseUnavailable", () => {
  it("recognises a refused connection through postgres.js and drizzle's 'Failed query' wrapper", async () => {
    const refusing = await refusingDatabase();
    try {
      const error = await thrownBy(() => refusing.db.execute(sql`select 1`));
      expect((error as Error).message).toMatch(/^Failed query/);
      expect(isDatabaseUnavailable(error)).toBe(true);
      const inTransaction = await thrownBy(() => refusing.db.transaction((tx) => tx.execute(sql`select 1`)));
      expect(isDatabaseUnavailable(inTransaction)).toBe(true);
    } finally {
      await refusing.close();
    }
  });

  it("recognises the auth library's 500 that wraps the driver's error (its session lookup)", async () => {
    const refusing = await refusingDatabase();
    try {
      const cause = await thrownBy(() => refusing.db.execute(sql`select 1`));
      const wrapped = APIError.from(
        "INTERNAL_SERVER_ERROR",
        { code: "FAILED_TO_GET_SESSION", message: "Failed to get session" },
        { cause },
      );
      expect(isDatabaseUnavailable(wrapped)).toBe(true);
    } finally {
      await refusing.close();
    }
  });

  it("recognises the AggregateError of a host whose every address refuses", async () => {
    const port = await freePort();
    const error = await new Promise<Error>((resolve) => {
      const socket = connect({
        host: "localhost",
        port,
        autoSelectFamily: true,
        lookup: (_host, _options, callback) =>
          (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
            { address: "::1", family: 6 },
            { address: "127.0.0.1", family: 4 },
          ]),
      });
      socket.on("error", resolve);
    });
    expect(error).toBeInstanceOf(AggregateError);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("does not take the database's refusal of a statement (PGlite or Postgres) for an outage", async () => {
    const db = await getDb();
    const division = await thrownBy(() => db.execute(sql`select 1 / 0`));
    expect(isDatabaseUnavailable(division)).toBe(false);
    const syntax = await thrownBy(() => db.execute(sql`selec 1`));
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(isDatabaseUnavailable(new Error("Something else"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    "recognises Postgres ending the session (administrator command, 57P01)",
    async () => {
      const client = postgres(process.env.DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
      try {
        const error = await thrownBy(() =>
          drizzle(client).execute(sql`select pg_terminate_backend(pg_backend_pid())`),
        );
        expect(isDatabaseUnavailable(error)).toBe(true);
      } finally {
        await client.end({ timeout: 1 });
      }
    },
  );
});
