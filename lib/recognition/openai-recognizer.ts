import "server-only";
import OpenAI, { APIError } from "openai";
import { logger } from "@/lib/logger";
import { ANSWER_FORMAT, parseAnswer, SYSTEM_PROMPT } from "./openai-answer";
import { classifyProviderError } from "./openai-errors";
import {
  RecognitionError,
  type RecognitionInput,
  type RecognitionOptions,
  type RecognizedItem,
  type Recognizer,
} from "./types";

export interface OpenAIRecognizerOptions {
  /** Optional for local endpoints (vLLM, Ollama) that ignore authentication. */
  apiKey?: string;
  /** Any OpenAI-compatible API root, e.g. http://localhost:11434/v1; defaults to OpenAI. */
  baseURL?: string;
  /** A vision-capable model. */
  model: string;
  /** Deadline for the whole call, answer body included. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const JSON_MODE = { type: "json_object" } as const;
const log = logger.child({ module: "recognition" });

type ResponseFormat = typeof ANSWER_FORMAT | typeof JSON_MODE;

/** How an endpoint says it does not know a request field such as `response_format: json_schema`. */
const refusesRequestShape = (error: unknown) =>
  error instanceof APIError && (error.status === 400 || error.status === 422);

/**
 * Recognizes food with a vision model behind any OpenAI-compatible chat-completions endpoint. It
 * asks for structured output (the answer's JSON schema); an endpoint that refuses that request
 * but answers the same one in JSON mode is asked in JSON mode from then on. Either way the answer
 * is validated by the same zod schema (`parseAnswer`).
 */
export class OpenAIRecognizer implements Recognizer {
  readonly name = "openai";
  readonly #client: OpenAI;
  readonly #model: string;
  readonly #timeoutMs: number;
  #format: ResponseFormat = ANSWER_FORMAT;

  constructor({ apiKey, baseURL, model, timeoutMs = DEFAULT_TIMEOUT_MS }: OpenAIRecognizerOptions) {
    this.#client = new OpenAI({
      // The SDK refuses to start without a key, which local endpoints do not need.
      apiKey: apiKey ?? "unused",
      baseURL,
      // The job runner owns retries (with backoff and its attempt counter); the SDK must not add its own.
      maxRetries: 0,
    });
    this.#model = model;
    this.#timeoutMs = timeoutMs;
  }

  async recognize(input: RecognitionInput, { signal }: RecognitionOptions = {}): Promise<RecognizedItem[]> {
    const content = await this.#complete(input, signal);
    try {
      return parseAnswer(content);
    } catch (error) {
      if (error instanceof RecognitionError && error.code === "invalid_output") {
        log.warn(
          { photoId: input.photoId, model: this.#model, output: content?.slice(0, 500) },
          error.message,
        );
      }
      throw error;
    }
  }

  async #complete(
    input: RecognitionInput,
    signal: AbortSignal | undefined,
  ): Promise<string | null | undefined> {
    // Our own deadline rather than the SDK's `timeout`, which stops counting once the headers arrive.
    const deadline = AbortSignal.timeout(this.#timeoutMs);
    const signals = signal ? AbortSignal.any([signal, deadline]) : deadline;
    try {
      if (this.#format === JSON_MODE) return await this.#ask(input, JSON_MODE, signals);
      try {
        return await this.#ask(input, ANSWER_FORMAT, signals);
      } catch (error) {
        if (!refusesRequestShape(error)) throw error;
        const content = await this.#ask(input, JSON_MODE, signals);
        this.#format = JSON_MODE;
        log.warn(
          { model: this.#model, err: error },
          "The recognition endpoint refuses structured output; asking in JSON mode from now on",
        );
        return content;
      }
    } catch (error) {
      signal?.throwIfAborted();
      const failure = deadline.aborted
        ? new RecognitionError(
            "timeout",
            `No answer from the recognition provider within ${this.#timeoutMs} ms`,
            true,
          )
        : classifyProviderError(error);
      log.warn(
        { photoId: input.photoId, model: this.#model, code: failure.code, err: error },
        `Recognition provider call failed: ${failure.message}`,
      );
      throw failure;
    }
  }

  async #ask(
    input: RecognitionInput,
    format: ResponseFormat,
    signal: AbortSignal,
  ): Promise<string | null | undefined> {
    const completion = await this.#client.chat.completions.create(
      {
        model: this.#model,
        response_format: format,
        messages: [
          { role: "system", content: SYSTEM_PROMPT },
          {
            role: "user",
            content: [
              { type: "text", text: "What food is in this photo?" },
              { type: "image_url", image_url: { url: dataUrl(input) } },
            ],
          },
        ],
      },
      { signal },
    );
    return completion.choices[0]?.message.content;
  }
}

function dataUrl({ bytes, mime }: RecognitionInput): string {
  return `data:${mime};base64,${Buffer.from(bytes).toString("base64")}`;
}
