import type { Sql } from "postgres";
import type { BenchImages } from "./images";
import type { LoadPlan } from "./measure-http";
import type { BenchOptions } from "./options";
import type { BenchUser } from "./seed";

/** What every scenario gets: the running app, the bench database and the seeded heavy user. */
export interface BenchContext {
  baseUrl: string;
  sql: Sql;
  options: BenchOptions;
  plan: LoadPlan;
  images: BenchImages;
  heavy: BenchUser;
  /** The heavy user's seeded days (YYYY-MM-DD) and meals. */
  heavyDates: string[];
  heavyMealIds: string[];
}

export function pick<T>(values: readonly T[]): T {
  const value = values[Math.floor(Math.random() * values.length)];
  if (value === undefined) throw new Error("pick() from an empty list");
  return value;
}
