import { register } from "node:module";

// `server-only` throws outside React Server Components. The benchmarks call the app's domain and
// route handlers from plain Node, as the test suite does (vitest aliases it to an empty stub):
// resolve it to an empty module. Modules that import it must be loaded (dynamically) after this one.
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
