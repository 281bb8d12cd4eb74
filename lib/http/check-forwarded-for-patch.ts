import "server-only";
import { createRequire } from "node:module";
import path from "node:path";

/** Next.js's request handler (its `Server` class), as Node.js loaded it for this process. */
const NEXT_BASE_SERVER = /[\\/]next[\\/]dist[\\/]server[\\/]base-server\.js$/;

interface NextBaseServer {
  prototype: { handleRequestImpl: (this: unknown, ...args: unknown[]) => Promise<unknown> };
}

/** Thrown by the probe's stand-in server once the forwarded headers are set, so nothing else runs. */
const STOP = Symbol("stop");

/**
 * Runs the loaded handler's first steps on a request whose client claims 192.0.2.1 and whose
 * socket peer is 198.51.100.1: patched, the peer is appended after the claim; unpatched, the
 * claim is left as it is.
 */
async function appendsPeerAddress(server: NextBaseServer): Promise<boolean> {
  let forwardedFor: unknown;
  const standIn = {
    // In minimal mode the handler throws its failures on instead of rendering an error page.
    minimalMode: true,
    attachRequestMeta(request: { headers: Record<string, unknown> }) {
      forwardedFor = request.headers["x-forwarded-for"];
      throw STOP;
    },
  };
  const request = {
    url: "/",
    headers: { host: "localhost", "x-forwarded-for": "192.0.2.1" },
    originalRequest: { headers: {}, socket: { remoteAddress: "198.51.100.1" } },
  };
  const response = { setHeader() {}, originalResponse: { setHeader() {} } };
  try {
    await server.prototype.handleRequestImpl.call(standIn, request, response, { pathname: "/", query: {} });
  } catch (error) {
    if (error !== STOP) return false;
  }
  return forwardedFor === "192.0.2.1, 198.51.100.1";
}

const NOT_APPLIED =
  "The patch patches/next+*.patch is not applied: Next.js's server does not append its peer's address " +
  "to X-Forwarded-For, so client addresses (rate limits, sessions) would be whatever the client " +
  "claims. Install with the postinstall script (`npm ci` runs `patch-package --error-on-fail`; " +
  "not `--ignore-scripts`), or run `npx patch-package --error-on-fail`";

/**
 * Refuses to start unless every copy of Next.js's request handler this process loaded appends
 * the socket peer to X-Forwarded-For, which lib/http/client-address.ts relies on. The check runs
 * the loaded code, not the file on disk: a build, a copy or an install without the patch fails it.
 */
export async function checkForwardedForPatch(): Promise<void> {
  const { cache } = createRequire(path.join(process.cwd(), "package.json"));
  const loaded = Object.entries(cache).filter(([file]) => NEXT_BASE_SERVER.test(file));
  if (loaded.length === 0) {
    throw new Error(
      "Cannot check patches/next+*.patch: Next.js's server module (base-server.js) is not loaded",
    );
  }
  for (const [file, module] of loaded) {
    const server = (module?.exports as { default?: NextBaseServer } | undefined)?.default;
    if (!server || !(await appendsPeerAddress(server))) throw new Error(`${NOT_APPLIED} (${file})`);
  }
}
