import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/logger";
import { signUp, type TestUser } from "@/test/app-client";
import { onRealPostgres } from "@/test/meal-locks";
import { meals } from "./schema";
import { transaction } from "./transaction";

let alice: TestUser;

/** A meeting point: each call waits until two have arrived (a rerun passes straight through). */
function meetingOfTwo(): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    if (++arrived === 2) open();
    return opened;
  };
}

describe.skipIf(!onRealPostgres(import.meta.filename))("transaction()", () => {
  beforeAll(async () => {
    alice = await signUp("Alice");
  });

  it("runs a transaction Postgres aborted for a deadlock again, and both commit", async () => {
    const mealIds = [(await alice.client.createMeal()).id, (await alice.client.createMeal()).id];
    // Two transactions lock the two meals in opposite orders, each waiting for the other's first
    // lock on its first run: Postgres aborts one (40P01), which runs again once the other is done.
    const bothLocked = meetingOfTwo();
    let runs = 0;
    const renameBoth = (order: string[], name: "lunch" | "dinner") =>
      transaction(async (tx) => {
        runs += 1;
        await tx
          .update(meals)
          .set({ mealType: name })
          .where(eq(meals.id, order[0] as string));
        await bothLocked();
        await tx
          .update(meals)
          .set({ mealType: name })
          .where(eq(meals.id, order[1] as string));
        return name;
      });
    const answers = await Promise.all([
      renameBoth(mealIds, "lunch"),
      renameBoth([...mealIds].reverse(), "dinner"),
    ]);
    expect(answers).toEqual(["lunch", "dinner"]);
    expect(runs).toBe(3);
    // The retried one committed last, whole: both meals carry its name.
    const db = await (await import("./client")).getDb();
    const types = new Set((await db.select({ mealType: meals.mealType }).from(meals)).map((m) => m.mealType));
    expect(types.size).toBe(1);
  });
  it("runs a serializable transaction Postgres aborted for a serialization failure again", async () => {
    const mealIds = [(await alice.client.createMeal()).id, (await alice.client.createMeal()).id];
    // Write skew: each reads both meals, then renames one of them. Serializable isolation cannot
    // let both commit as they are, so Postgres aborts one (40001); its second run reads the other's
    // commit and commits after it.
    const bothRead = meetingOfTwo();
    const retried = vi.spyOn(logger, "warn");
    let runs = 0;
    const renameOne = (mealId: string, name: "breakfast" | "snack") =>
      transaction(
        async (tx) => {
          runs += 1;
          const before = await tx
            .select({ mealType: meals.mealType })
            .from(meals)
            .where(inArray(meals.id, mealIds));
          await bothRead();
          await tx.update(meals).set({ mealType: name }).where(eq(meals.id, mealId));
          return before.length;
        },
        { isolationLevel: "serializable" },
      );
    const answers = await Promise.all([
      renameOne(mealIds[0] as string, "breakfast"),
      renameOne(mealIds[1] as string, "snack"),
    ]);
    expect(answers).toEqual([2, 2]);
    expect(runs).toBe(3);
    expect(retried).toHaveBeenCalledWith({ code: "40001", attempt: 1 }, expect.any(String));
    retried.mockRestore();
    const db = await (await import("./client")).getDb();
    const renamed = await db
      .select({ id: meals.id, mealType: meals.mealType })
      .from(meals)
      .where(inArray(meals.id, mealIds));
    expect(new Map(renamed.map((meal) => [meal.id, meal.mealType]))).toEqual(
      new Map([
        [mealIds[0], "breakfast"],
        [mealIds[1], "snack"],
      ]),
    );
  });
});
