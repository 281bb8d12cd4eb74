import "server-only";
import { config } from "@/lib/config";
import { DemoRecognizer } from "./demo-recognizer";
import { OpenAIRecognizer } from "./openai-recognizer";
import type { Recognizer } from "./types";

export type {
  RecognitionErrorCode,
  RecognitionInput,
  RecognitionOptions,
  RecognizedItem,
  Recognizer,
} from "./types";
export { RecognitionError } from "./types";

let recognizer: Recognizer | undefined;

/** The recognizer chosen by RECOGNITION_PROVIDER, built once per process. */
export function getRecognizer(): Recognizer {
  recognizer ??= createRecognizer();
  return recognizer;
}

function createRecognizer(): Recognizer {
  const env = config();
  switch (env.RECOGNITION_PROVIDER) {
    case "demo":
      return new DemoRecognizer();
    case "openai":
      return new OpenAIRecognizer({
        apiKey: env.OPENAI_API_KEY,
        baseURL: env.OPENAI_BASE_URL,
        model: env.RECOGNITION_MODEL,
      });
  }
}
