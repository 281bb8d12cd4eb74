import { beforeAll, describe, expect, it } from "vitest";
import { pingDatabase } from "@/db/client";
import { databaseStillLost, noteDatabaseLost, watchDatabaseOutages } from "./database-outage";

/** The app's real ping, failing while `down` says so (as the pages' probe meets a lost database). */
function watchedDatabase() {
  const database = { down: false, probes: 0 };
  watchDatabaseOutages(async () => {
    database.probes += 1;
    if (database.down) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    await pingDatabase();
  });
  return database;
}

// Open (and migrate) the database first, as the server does at start before any page is asked.
beforeAll(() => pingDatabase());

describe("the pages' outage state", () => {
  it("answers pages normally, without probing, until a request met a lost database", async () => {
    const database = watchedDatabase();
    expect(await databaseStillLost()).toBe(false);
    expect(database.probes).toBe(0);
  });

  it("lasts while the probe fails, one probe shared by the pages asking at once, and ends when it answers", async () => {
    const database = watchedDatabase();
    database.down = true;
    noteDatabaseLost();

    expect(await Promise.all([databaseStillLost(), databaseStillLost(), databaseStillLost()])).toEqual([
      true,
      true,
      true,
    ]);
    expect(database.probes).toBe(1);
    expect(await databaseStillLost()).toBe(true);
    expect(database.probes).toBe(2);

    database.down = false;
    expect(await databaseStillLost()).toBe(false);
    expect(database.probes).toBe(3);
    // Back: no more probes until a request meets an outage again.
    expect(await databaseStillLost()).toBe(false);
    expect(database.probes).toBe(3);
  });

  it("counts a database that does not answer the probe as still lost", async () => {
    watchDatabaseOutages(() => new Promise<void>(() => {}));
    noteDatabaseLost();
    expect(await databaseStillLost()).toBe(true);
  });
});
