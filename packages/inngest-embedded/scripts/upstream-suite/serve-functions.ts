/**
 * Serves the upstream suite's functions on http://localhost:<port>/api/inngest. Started by
 * `run-upstream-suite.ts` under `tsx --tsconfig` whose `paths` point `inngest` and `inngest/node`
 * at the SDK under test (upstream maps them to its own build the same way). The functions are
 * CommonJS, so everything is `require`d: one copy of the SDK for the functions and `serve()`.
 */
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";

const [sdkDir, port] = process.argv.slice(2);
if (!sdkDir || !port) throw new Error("usage: serve-functions <sdk package dir> <port>");
const require = createRequire(import.meta.url);
const { functions, inngest } = require(join(sdkDir, "src/test/functions/index.ts"));
const { serve } = require("inngest/node");
createServer(serve({ client: inngest, functions })).listen(Number(port), "127.0.0.1");
