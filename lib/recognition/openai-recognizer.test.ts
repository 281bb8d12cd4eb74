import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OpenAIRecognizer } from "./openai-recognizer";
import { RecognitionError } from "./types";

interface JsonSchema {
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: string[];
}

interface ReceivedRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: {
    model: string;
    response_format: {
      type: string;
      json_schema?: { name: string; strict: boolean; schema: JsonSchema };
    };
    messages: { role: string; content: string | { type: string; image_url?: { url: string } }[] }[];
  };
}

type Reply = (res: ServerResponse) => void;

/** A real HTTP server speaking the chat-completions wire format; each test sets its reply. */
const received: ReceivedRequest[] = [];
let reply: Reply;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ReceivedRequest["body"];
    received.push({ method: req.method, url: req.url, headers: req.headers, body });
    reply(res);
  });
});
let baseURL: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

function answer(content: string): Reply {
  return json(200, {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "test-vision-model",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
  });
}

const apiError = (status: number, headers?: Record<string, string>) =>
  json(status, { error: { message: `failure ${status}`, type: "test_error" } }, headers);

const eggItem = {
  name: "Fried egg",
  state: "cooked",
  grams: 50,
  kcal: 98,
  protein: 6.8,
  fat: 7.4,
  carbs: 0.4,
  confidence: 0.9,
};
const toastItem = {
  name: "Toast",
  state: "ready",
  grams: 30,
  kcal: 80,
  protein: 2.3,
  fat: 1,
  carbs: 15.2,
  confidence: 0.75,
};
// As the model answers: with the household portion the diary does not store.
const egg = { ...eggItem, name: " Fried egg ", portion: "1 egg" };
const toast = { ...toastItem, portion: "1 slice" };
const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 250]);
const input = { bytes, mime: "image/png", photoId: "photo-1" };

function recognizer(timeoutMs?: number) {
  return new OpenAIRecognizer({ apiKey: "test-key", baseURL, model: "test-vision-model", timeoutMs });
}

async function failure(promise: Promise<unknown>): Promise<RecognitionError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the recognition to fail");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RecognitionError);
  return error as RecognitionError;
}

describe("OpenAIRecognizer", () => {
  it("returns the validated items of a good answer", async () => {
    reply = answer(JSON.stringify({ isFood: true, items: [egg, toast] }));
    const items = await recognizer().recognize(input);
    expect(items).toEqual([eggItem, toastItem]);
  });

  it("sends the model, the photo as a data URL with its mime type, the answer's schema as structured output and the API key", async () => {
    reply = answer(JSON.stringify({ isFood: true, items: [egg] }));
    await recognizer().recognize(input);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe("Bearer test-key");
    expect(request?.body.model).toBe("test-vision-model");
    const format = request?.body.response_format;
    expect(format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "food_in_photo", strict: true },
    });
    const item = format?.json_schema?.schema.properties?.items?.items;
    expect(item?.required).toEqual(expect.arrayContaining(["name", "state", "portion", "grams", "kcal"]));
    expect(item?.properties?.state?.enum).toEqual(["raw", "cooked", "ready"]);
    const prompt = request?.body.messages.find((message) => message.role === "system")?.content;
    expect(prompt).toContain('"1 katori", "2 rotis"');
    expect(prompt).toContain('"raw" | "cooked" | "ready"');
    const parts = request?.body.messages.flatMap((message) =>
      Array.isArray(message.content) ? message.content : [],
    );
    const image = parts?.find((part) => part.type === "image_url");
    expect(image?.image_url?.url).toBe(`data:image/png;base64,${Buffer.from(bytes).toString("base64")}`);
  });

  it("accepts an answer wrapped in a markdown code fence", async () => {
    reply = answer(`\`\`\`json\n${JSON.stringify({ isFood: true, items: [toast] })}\n\`\`\``);
    expect(await recognizer().recognize(input)).toEqual([toastItem]);
  });

  it("asks an endpoint that refuses structured output in JSON mode, validated by the same schema, from then on", async () => {
    reply = (res) => {
      const format = received.at(-1)?.body.response_format.type;
      if (format === "json_schema") apiError(400)(res);
      else answer(JSON.stringify({ isFood: true, items: [egg] }))(res);
    };
    const local = recognizer();
    expect(await local.recognize(input)).toEqual([eggItem]);
    expect(received.map((request) => request.body.response_format.type)).toEqual([
      "json_schema",
      "json_object",
    ]);
    expect(await local.recognize(input)).toEqual([eggItem]);
    expect(received.map((request) => request.body.response_format.type)).toEqual([
      "json_schema",
      "json_object",
      "json_object",
    ]);
    reply = answer(JSON.stringify({ isFood: true, items: [{ ...egg, state: "fried" }] }));
    expect(await failure(local.recognize(input))).toMatchObject({ code: "invalid_output" });
  });

  it("keeps asking for structured output when JSON mode is refused too (the request itself was refused)", async () => {
    reply = apiError(400);
    const refusing = recognizer();
    expect(await failure(refusing.recognize(input))).toMatchObject({
      code: "provider_rejected",
      retriable: false,
    });
    received.length = 0;
    await failure(refusing.recognize(input));
    expect(received[0]?.body.response_format.type).toBe("json_schema");
  });

  it("maps 429 to a retriable rate_limited error with Retry-After in milliseconds", async () => {
    reply = apiError(429, { "retry-after": "7" });
    const error = await failure(recognizer().recognize(input));
    expect(error).toMatchObject({ code: "rate_limited", retriable: true, retryAfterMs: 7000 });
    expect(received).toHaveLength(1); // the SDK's own retries are off
  });

  it("maps 500 to a retriable provider_unavailable error", async () => {
    reply = apiError(500);
    const error = await failure(recognizer().recognize(input));
    expect(error).toMatchObject({ code: "provider_unavailable", retriable: true });
    expect(received).toHaveLength(1);
  });

  it("maps 401 to a provider_rejected error that is not retriable", async () => {
    reply = apiError(401);
    const error = await failure(recognizer().recognize(input));
    expect(error).toMatchObject({ code: "provider_rejected", retriable: false });
  });

  it("maps a refused connection to a retriable provider_unavailable error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = new OpenAIRecognizer({ baseURL: `http://127.0.0.1:${port}/v1`, model: "m" });
    const error = await failure(unreachable.recognize(input));
    expect(error).toMatchObject({ code: "provider_unavailable", retriable: true });
  });

  it("maps content that is not JSON to invalid_output, not retriable", async () => {
    reply = answer("I think this is a fried egg on toast.");
    const error = await failure(recognizer().recognize(input));
    expect(error).toMatchObject({ code: "invalid_output", retriable: false });
  });

  it.each([
    ["another shape", { foods: ["egg"] }],
    ["a negative amount", { isFood: true, items: [{ ...egg, grams: -5 }] }],
    ["an absurd amount", { isFood: true, items: [{ ...egg, kcal: 1e9 }] }],
    ["a blank name", { isFood: true, items: [{ ...egg, name: "  " }] }],
    ["a confidence above 1", { isFood: true, items: [{ ...egg, confidence: 1.5 }] }],
    ["a missing field", { isFood: true, items: [{ name: "Egg", grams: 50 }] }],
    ["no state", { isFood: true, items: [{ ...egg, state: undefined }] }],
    ["an unknown state", { isFood: true, items: [{ ...egg, state: "fried" }] }],
    ["no household portion", { isFood: true, items: [{ ...egg, portion: undefined }] }],
    ["a blank household portion", { isFood: true, items: [{ ...egg, portion: " " }] }],
    ["too many items", { isFood: true, items: Array.from({ length: 21 }, () => toast) }],
  ])("maps JSON with %s to invalid_output", async (_, body) => {
    reply = answer(JSON.stringify(body));
    const error = await failure(recognizer().recognize(input));
    expect(error).toMatchObject({ code: "invalid_output", retriable: false });
  });

  it.each([
    ["isFood false", { isFood: false, items: [] }],
    ["no items", { isFood: true, items: [] }],
  ])("maps %s to not_food, not retriable", async (_, body) => {
    reply = answer(JSON.stringify(body));
    const error = await failure(recognizer().recognize(input));
    expect(error).toMatchObject({ code: "not_food", retriable: false });
  });

  it("maps an answer slower than the timeout to a retriable timeout", async () => {
    reply = (res) => {
      const timer = setTimeout(answer(JSON.stringify({ isFood: true, items: [egg] })), 2000, res);
      res.on("close", () => clearTimeout(timer));
    };
    const error = await failure(recognizer(200).recognize(input));
    expect(error).toMatchObject({ code: "timeout", retriable: true });
  });

  it("rejects with the caller's abort reason when the caller aborts", async () => {
    reply = () => {}; // never answers
    const controller = new AbortController();
    const pending = recognizer().recognize(input, { signal: controller.signal });
    const reason = new Error("photo cancelled");
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });
});
