import type { Registry } from "../registry";
import type { RestAnswer } from "../rest-api";
import { executeGraphql, type GraphqlDeps } from "./graphql";

export interface DevServerDeps extends GraphqlDeps {
  registry: Registry;
}

export interface DevServerRequest {
  method: string;
  pathname: string;
  body: () => Promise<unknown>;
}

/** `GET /dev`: the dev server's info, with every synced function in its `inngest.Function` shape. */
function info({ registry }: DevServerDeps): RestAnswer {
  const functions = registry.all().map(({ config, uuid }) => ({
    id: uuid,
    name: config.name ?? config.id,
    slug: config.id,
    triggers: config.triggers,
    steps: Object.entries(config.steps).map(([id, step]) => ({
      id,
      name: typeof step.name === "string" ? step.name : id,
      uri: step.runtime.url,
      ...(step.retries ? { retries: step.retries } : {}),
    })),
  }));
  return { status: 200, body: { version: "embedded", functions, handlers: [] } };
}

/**
 * The Inngest dev server's own API, for tools written against it (the SDK's integration suite):
 * `GET /dev` and `POST /v0/gql`. Unauthenticated like the dev server, so only served in the
 * executor's dev-server mode; undefined when no route matches.
 */
export async function handleDevServer(
  req: DevServerRequest,
  deps: DevServerDeps,
): Promise<RestAnswer | undefined> {
  if (req.method === "GET" && req.pathname === "/dev") return info(deps);
  if (req.method === "POST" && req.pathname === "/v0/gql") {
    return executeGraphql(await req.body(), deps);
  }
  return undefined;
}
