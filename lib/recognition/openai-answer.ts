import "server-only";
import { z } from "zod";
import { RecognitionError, type RecognizedItem } from "./types";

export const SYSTEM_PROMPT = `You are a nutrition assistant. Identify every distinct food or drink in the photo and estimate
its portion and nutrition. Answer with JSON only, exactly in this shape:
{"isFood": boolean, "items": [{"name": string, "grams": number, "kcal": number, "protein": number, "fat": number, "carbs": number, "confidence": number}]}
- "isFood" is false when the photo shows no food or drink; "items" is then [].
- "name" is a short common English name, e.g. "Fried egg".
- "grams" is the estimated edible portion; "kcal" its energy; "protein", "fat" and "carbs" in grams for that portion.
- "confidence" is between 0 and 1.
- At most 20 items. No prose, no markdown.`;

// Upper bounds keep a hallucinated "50 kg of rice" out of someone's diary.
const amount = (max: number) => z.number().min(0).max(max);

const itemSchema = z.object({
  name: z.string().trim().min(1).max(100),
  grams: amount(5_000),
  kcal: amount(20_000),
  protein: amount(2_000),
  fat: amount(2_000),
  carbs: amount(2_000),
  confidence: amount(1),
});

const answerSchema = z.discriminatedUnion("isFood", [
  z.object({ isFood: z.literal(false) }),
  z.object({ isFood: z.literal(true), items: z.array(itemSchema).max(20) }),
]);

/** Validates the model's message content; throws `invalid_output` or `not_food`. */
export function parseAnswer(content: string | null | undefined): RecognizedItem[] {
  if (!content) throw new RecognitionError("invalid_output", "The model returned an empty answer", false);
  let json: unknown;
  try {
    json = JSON.parse(stripCodeFence(content));
  } catch {
    throw new RecognitionError("invalid_output", "The model's answer is not JSON", false);
  }
  const answer = answerSchema.safeParse(json);
  if (!answer.success) {
    const problems = answer.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new RecognitionError("invalid_output", `Unexpected answer shape: ${problems.join("; ")}`, false);
  }
  if (!answer.data.isFood || answer.data.items.length === 0) {
    throw new RecognitionError("not_food", "No food was recognized in the photo", false);
  }
  return answer.data.items;
}

// Some local models wrap JSON in a markdown fence even in JSON mode.
function stripCodeFence(content: string): string {
  return content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, "$1");
}
