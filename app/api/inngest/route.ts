import { serve } from "inngest/next";
import { NextRequest } from "next/server";
import { functions } from "@/inngest/functions";
import { readBodyWithLimit } from "@/lib/http/request";
import { handler } from "@/lib/http/route";
import { appServeUrl, inngest } from "@/lib/jobs/client";
import { offerJobEndpoint } from "@/lib/jobs/local-executor";
import { refuseUnsignedCall } from "@/lib/jobs/refuse-unsigned-call";

// Recognition can take a while with a real vision model.
export const maxDuration = 300;

/** Inngest's limit on a run's state: a larger call is refused (413) before the SDK buffers it. */
const MAX_JOB_CALL_BYTES = 32 * 1024 * 1024;

let endpoint: ReturnType<typeof serve> | undefined;

/**
 * `serve()` with the configured serve URL, so a request's `Host` never decides where Inngest sends
 * the jobs; made at the first request, as the URL is run-time configuration (not `next build`'s).
 */
function jobEndpoint(): ReturnType<typeof serve> {
  if (!endpoint) {
    const { origin, pathname } = new URL(appServeUrl());
    endpoint = serve({ client: inngest, functions, serveOrigin: origin, servePath: pathname });
  }
  return endpoint;
}

export const GET = (request: NextRequest) => jobEndpoint().GET(request, undefined);

export const PUT = (request: NextRequest) => jobEndpoint().PUT(request, undefined);

export const POST = handler("public", async ({ request, log }) => {
  refuseUnsignedCall(request.headers, log);
  const body = await readBodyWithLimit(request, MAX_JOB_CALL_BYTES);
  return jobEndpoint().POST(
    new NextRequest(request.url, { method: "POST", headers: request.headers, body }),
    undefined,
  );
});

// This process's embedded executor calls the handler above in process, past Next.js's HTTP server.
offerJobEndpoint((request) => POST(request, { params: Promise.resolve({}) }));
