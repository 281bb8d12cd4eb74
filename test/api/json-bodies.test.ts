import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { AppClient, signUp, type TestUser } from "@/test/app-client";

/** A request to a JSON route that succeeds when its body is sent as application/json. */
interface JsonCall {
  client: AppClient;
  method: string;
  path: string;
  body: unknown;
}

const PASSWORD = "correct-horse-1";
const RICE = { name: "Rice", grams: 100, kcal: 130, protein: 3, fat: 0, carbs: 28 };
let user: TestUser;

beforeAll(async () => {
  user = await signUp("Json");
});

/** Every route that reads a JSON body, each call made afresh so that it would succeed. */
const CALLS: Record<string, () => Promise<JsonCall>> = {
  "POST /api/meals": async () => ({
    client: user.client,
    method: "POST",
    path: "/api/meals",
    body: { clientRequestId: randomUUID() },
  }),
  "POST /api/meals/:id/items": async () => ({
    client: user.client,
    method: "POST",
    path: `/api/meals/${(await user.client.createMeal()).id}/items`,
    body: RICE,
  }),
  "PATCH /api/items/:id": async () => {
    const meal = await user.client.createMeal();
    const added = await user.client.post(`/api/meals/${meal.id}/items`, RICE);
    const { item } = (await added.json()) as { item: { id: string } };
    return { client: user.client, method: "PATCH", path: `/api/items/${item.id}`, body: { grams: 150 } };
  },
  "PUT /api/goals": async () => ({
    client: user.client,
    method: "PUT",
    path: "/api/goals",
    body: { kcal: 2000, protein: 100, fat: 70, carbs: 250 },
  }),
  "POST /api/ai/cancel": async () => ({
    client: user.client,
    method: "POST",
    path: "/api/ai/cancel",
    body: { clientCancelId: randomUUID() },
  }),
  "POST /api/auth/sign-up/email": async () => ({
    client: new AppClient(),
    method: "POST",
    path: "/api/auth/sign-up/email",
    body: { email: `json-${randomUUID()}@example.com`, password: PASSWORD, name: "Json" },
  }),
  "POST /api/auth/sign-in/email": async () => ({
    client: new AppClient(),
    method: "POST",
    path: "/api/auth/sign-in/email",
    body: { email: user.email, password: PASSWORD },
  }),
  "POST /api/auth/change-password": async () => ({
    // A user of its own each time: a change that succeeds replaces the password.
    client: (await signUp("Changer")).client,
    method: "POST",
    path: "/api/auth/change-password",
    body: { currentPassword: PASSWORD, newPassword: "another-horse-2" },
  }),
};

async function send(call: JsonCall, contentType: string): Promise<Response> {
  return call.client.request(call.method, call.path, {
    body: JSON.stringify(call.body),
    headers: { "content-type": contentType },
  });
}

describe("JSON routes take only application/json bodies", () => {
  it.each(Object.keys(CALLS))("%s refuses any other media type with 415", async (route) => {
    const call = CALLS[route] as () => Promise<JsonCall>;
    // text/plain, whatever its parameters, is what a foreign page may send without a preflight.
    for (const contentType of [
      "text/plain;application/json",
      "text/plain; charset=application/json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/json-patch+json",
    ]) {
      const response = await send(await call(), contentType);
      expect(response.status, contentType).toBe(415);
      const { error } = (await response.json()) as { error: { code: string } };
      expect(error.code, contentType).toBe("unsupported_media_type");
    }
    for (const contentType of ["application/json", "application/json; charset=utf-8", "Application/JSON"]) {
      const response = await send(await call(), contentType);
      expect(response.status, `${contentType}: ${await response.clone().text()}`).toBeLessThan(300);
    }
  });
});
