import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { MIGRATIONS_FOLDER } from "@/db/client";

/**
 * Test databases on a real Postgres server: one migrated template per run, and a fresh copy of it
 * for every test file (CREATE DATABASE … TEMPLATE is fast), all dropped at the end of the run.
 */

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function adminClient(serverUrl: string) {
  return postgres(databaseUrl(serverUrl, "postgres"), { max: 1, onnotice: () => {} });
}

export async function createTemplate(serverUrl: string, runId: string): Promise<string> {
  const name = `mealsnap_test_${runId}`;
  const admin = adminClient(serverUrl);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const client = postgres(databaseUrl(serverUrl, name), { max: 1, onnotice: () => {} });
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  await client.end();
  return name;
}

export async function createDatabaseFromTemplate(serverUrl: string, template: string): Promise<string> {
  const name = `${template}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = adminClient(serverUrl);
  try {
    // Two files may copy the template at the same instant; Postgres refuses that, so try again.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${template}"`);
        return name;
      } catch (error) {
        if (attempt >= 20 || !String((error as Error).message).includes("being accessed")) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
}

export async function dropRunDatabases(serverUrl: string, template: string): Promise<void> {
  const admin = adminClient(serverUrl);
  const rows = await admin<{ datname: string }[]>`
    select datname from pg_database where datname = ${template} or datname like ${`${template}\\_%`}`;
  for (const { datname } of rows) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  await admin.end();
}
