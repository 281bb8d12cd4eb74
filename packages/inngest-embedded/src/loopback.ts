/** Loopback host names: `localhost`, `127.x.x.x`, `::1` (without brackets). */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Whether a request's `Host` header names this executor: a loopback name, or the host it is bound
 * to. Any other name is a page's own host resolved to loopback (DNS rebinding), which must not
 * read runs or drive the executor.
 */
export function namesThisHost(hostHeader: string | undefined, boundHost: string): boolean {
  if (!hostHeader || !URL.canParse(`http://${hostHeader}`)) return false;
  const hostname = new URL(`http://${hostHeader}`).hostname.replace(/^\[(.*)\]$/, "$1");
  return isLoopback(hostname) || hostname === boundHost.replace(/^\[(.*)\]$/, "$1");
}
