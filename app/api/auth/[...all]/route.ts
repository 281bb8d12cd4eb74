import { getAuth } from "@/lib/auth/auth";

async function handle(request: Request): Promise<Response> {
  const response = await (await getAuth()).handler(request);
  // Better Auth names its rate-limit wait X-Retry-After; clients and proxies read Retry-After.
  const retryAfter = response.headers.get("x-retry-after");
  if (response.status === 429 && retryAfter && !response.headers.has("retry-after")) {
    response.headers.set("retry-after", retryAfter);
  }
  return response;
}

export { handle as GET, handle as POST };
