import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onRealPostgres } from "@/test/meal-locks";
import { preparingPostgresJs } from "./prepared-statements";
import { transaction } from "./transaction";

/** A statement of its own text, found again in `pg_prepared_statements` by its probe's name. */
const probe = (name: string, value: number) => sql`select ${value}::int + 1 as ${sql.identifier(name)}`;

/** How many statements of the probe `name` the session keeps (this look-up left out). */
const preparedOf = (name: string) => sql`select count(*)::int as n from pg_prepared_statements
  where statement like ${`%${name}%`} and statement not like '%pg_prepared_statements%'`;

describe.skipIf(!onRealPostgres(import.meta.filename, "PGlite has no named statements to keep"))(
  "named prepared statements (postgres.js)",
  () => {
    // One connection, so every statement and the look-up share its prepared statements.
    let client: postgres.Sql;
    beforeAll(() => {
      client = postgres(process.env.DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
    });
    afterAll(() => client.end({ timeout: 5 }));

    const preparedCount = async (name: string) => {
      const [row] = await drizzle(client).execute<{ n: number }>(preparedOf(name));
      return row?.n;
    };

    it("drizzle alone sends unnamed statements: nothing is kept", async () => {
      const plain = drizzle(client);
      for (const value of [1, 2, 3]) await plain.execute(probe("probe_plain", value));
      expect(await preparedCount("probe_plain")).toBe(0);
    });

    it("prepares each text once per connection and runs it again with other values", async () => {
      const db = drizzle(preparingPostgresJs(client));
      const answers = [];
      for (const value of [1, 2, 3]) answers.push(...(await db.execute(probe("probe_named", value))));
      expect(answers).toEqual([{ probe_named: 2 }, { probe_named: 3 }, { probe_named: 4 }]);
      expect(await preparedCount("probe_named")).toBe(1);
    });

    it("prepares the statements of a transaction and of a savepoint inside it", async () => {
      const db = drizzle(preparingPostgresJs(client));
      await db.transaction(async (tx) => {
        await tx.execute(probe("probe_in_tx", 1));
        await tx.transaction((savepoint) => savepoint.execute(probe("probe_in_savepoint", 1)));
      });
      expect(await preparedCount("probe_in_tx")).toBe(1);
      expect(await preparedCount("probe_in_savepoint")).toBe(1);
    });

    it("is how the app's database handle sends its statements by default", async () => {
      const count = await transaction(async (tx) => {
        await tx.execute(probe("probe_app", 1));
        // The app's handle types rows per driver; on postgres.js they are the rows themselves.
        const rows = (await tx.execute(preparedOf("probe_app"))) as unknown as { n: number }[];
        return rows[0]?.n;
      });
      expect(count).toBe(1);
    });
  },
);
