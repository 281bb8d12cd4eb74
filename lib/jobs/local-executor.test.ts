import { describe, expect, it } from "vitest";
import { appServeUrl } from "./client";
import { jobEndpointAt } from "./local-executor";

/** A call as the executor makes one: the serve URL with the function and the step. */
const callUrl = (base: string) => `${base}?fnId=mealsnap-recognize-photo&stepId=step`;

describe("the job endpoint in process", () => {
  const endpointFor = jobEndpointAt(appServeUrl());

  it("is offered by the job endpoint's route module once loaded, for the app's serve URL only", async () => {
    expect(endpointFor(callUrl(appServeUrl()))).toBeUndefined();
    await import("@/app/api/inngest/route");
    expect(endpointFor(callUrl(appServeUrl()))).toBeTypeOf("function");
    const other = new URL(appServeUrl());
    other.pathname = "/api/other";
    expect(endpointFor(callUrl(other.href))).toBeUndefined();
    other.pathname = "/api/inngest";
    other.port = String(Number(other.port) + 1);
    expect(endpointFor(callUrl(other.href))).toBeUndefined();
  });

  it("is the route itself: a call the executor did not sign is refused", async () => {
    await import("@/app/api/inngest/route");
    const endpoint = endpointFor(callUrl(appServeUrl()));
    if (!endpoint) throw new Error("the job endpoint was not offered");
    const answer = await endpoint(
      new Request(callUrl(appServeUrl()), {
        method: "POST",
        headers: { "content-type": "application/json", host: new URL(appServeUrl()).host },
        body: JSON.stringify({ event: { name: "meal/photo.uploaded", data: {} }, steps: {}, ctx: {} }),
      }),
    );
    expect(answer.status).toBe(401);
  });
});
