import postgres from "postgres";
import { runCommand } from "./processes";

const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface BenchDatabase {
  name: string;
  url: string;
  drop: () => Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A throwaway database on the real Postgres server (DATABASE_URL's server, else 127.0.0.1:5432
 * as `postgres` with trust auth), migrated with the app's own `db/migrate.ts`.
 */
export async function createBenchDatabase(prefix = "mealsnap_bench"): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL || DEFAULT_SERVER_URL;
  const name = `${prefix}_${Date.now()}`;
  const admin = postgres(withDatabase(serverUrl, "postgres"), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = withDatabase(serverUrl, name);
  const drop = async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
  try {
    await runCommand("npx", ["tsx", "--conditions=react-server", "db/migrate.ts"], {
      env: { ...process.env, DATABASE_URL: url },
    });
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url, drop };
}
