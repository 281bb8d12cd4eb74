/** `origin + path` of an app URL: a function's step URL adds its own query (`?fnId=…&stepId=step`). */
function endpointOf(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const { origin, pathname } = new URL(url);
  return origin + pathname;
}

/**
 * The `serve()` endpoints this executor calls: those it was started with (`appUrls`) and those it
 * was asked to `sync()`. A sync naming any other URL is refused, so a request to an app's endpoint
 * cannot re-point the executor's signed calls elsewhere.
 */
export class AppUrls {
  private readonly endpoints = new Set<string>();

  constructor(urls: readonly string[] = []) {
    for (const url of urls) this.add(url);
  }

  add(url: string): void {
    const endpoint = endpointOf(url);
    if (!endpoint) throw new Error(`not an app URL: ${url}`);
    this.endpoints.add(endpoint);
  }

  includes(url: string): boolean {
    const endpoint = endpointOf(url);
    return endpoint !== undefined && this.endpoints.has(endpoint);
  }
}
