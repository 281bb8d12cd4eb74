import "server-only";
import OpenAI from "openai";
import { logger } from "@/lib/logger";
import { parseAnswer, SYSTEM_PROMPT } from "./openai-answer";
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
const log = logger.child({ module: "recognition" });

/** Recognizes food with a vision model behind any OpenAI-compatible chat-completions endpoint. */
export class OpenAIRecognizer implements Recognizer {
  readonly name = "openai";
  readonly #client: OpenAI;
  readonly #model: string;
  readonly #timeoutMs: number;

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
    try {
      const completion = await this.#client.chat.completions.create(
        {
          model: this.#model,
          response_format: { type: "json_object" },
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
        { signal: signal ? AbortSignal.any([signal, deadline]) : deadline },
      );
      return completion.choices[0]?.message.content;
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
}

function dataUrl({ bytes, mime }: RecognitionInput): string {
  return `data:${mime};base64,${Buffer.from(bytes).toString("base64")}`;
}
