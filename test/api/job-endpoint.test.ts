import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/inngest/route";

const MB = 1024 * 1024;

/** A body that counts the bytes the endpoint pulled from it (nothing is pulled until it is read). */
function countedBody(size: number) {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= size) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

function call(body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
  const request = new Request("http://localhost:3000/api/inngest?fnId=mealsnap-recognize-photo&stepId=step", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  return POST(request, { params: Promise.resolve({}) });
}

describe("POST /api/inngest", () => {
  it.each([
    ["no signature", {}],
    ["a malformed signature", { "x-inngest-signature": "t=now&s=forged" }],
    ["a signature without its timestamp", { "x-inngest-signature": `s=${"ab".repeat(32)}` }],
  ])("refuses a 31 MB call with %s (401) before reading its body", async (_what, headers) => {
    const body = countedBody(31 * MB);
    const response = await call(body.stream, headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: "unauthorized", message: "Calls to the job endpoint must be signed by Inngest" },
    });
    expect(body.pulled()).toBe(0);
  });

  it("reads a signed call's body up to its limit: 413 beyond 32 MB", async () => {
    const body = countedBody(33 * MB);
    const signature = `t=${Math.floor(Date.now() / 1000)}&s=${"ab".repeat(32)}`;
    const response = await call(body.stream, { "x-inngest-signature": signature });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("payload_too_large");
  });
});
