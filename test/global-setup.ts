import type { TestProject } from "vitest/node";
import { createTemplate, dropRunDatabases } from "./postgres-test-databases";

declare module "vitest" {
  export interface ProvidedContext {
    postgresTemplate: string | null;
  }
}

/** With TEST_POSTGRES_URL set, the suite runs on that real Postgres server instead of PGlite. */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl) {
    project.provide("postgresTemplate", null);
    return;
  }
  const template = await createTemplate(serverUrl, `${Date.now()}_${process.pid}`);
  project.provide("postgresTemplate", template);
  return async () => dropRunDatabases(serverUrl, template);
}
