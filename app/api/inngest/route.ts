import { serve } from "inngest/next";
import { NextRequest } from "next/server";
import { functions } from "@/inngest/functions";
import { readBodyWithLimit } from "@/lib/http/request";
import { handler } from "@/lib/http/route";
import { inngest } from "@/lib/jobs/client";
import { offerJobEndpoint } from "@/lib/jobs/local-executor";

// Recognition can take a while with a real vision model.
export const maxDuration = 300;

/** Inngest's limit on a run's state: a larger call is refused (413) before the SDK buffers it. */
const MAX_JOB_CALL_BYTES = 32 * 1024 * 1024;

const endpoint = serve({ client: inngest, functions });

export const { GET, PUT } = endpoint;

export const POST = handler("public", async ({ request }) => {
  const body = await readBodyWithLimit(request, MAX_JOB_CALL_BYTES);
  return endpoint.POST(
    new NextRequest(request.url, { method: "POST", headers: request.headers, body }),
    undefined,
  );
});

// This process's embedded executor calls the handler above in process, past Next.js's HTTP server.
offerJobEndpoint((request) => POST(request, { params: Promise.resolve({}) }));
