import "server-only";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import { FOOD_STATES } from "@/db/schema";
import { RecognitionError, type RecognizedItem } from "./types";

export const SYSTEM_PROMPT = `You are a nutrition assistant. Identify every distinct food or drink in the photo and estimate
its portion and nutrition. Answer with JSON only, exactly in this shape:
{"isFood": boolean, "items": [{"name": string, "state": "raw" | "cooked" | "ready", "portion": string, "grams": number, "kcal": number, "protein": number, "fat": number, "carbs": number, "confidence": number}]}
- "isFood" is false when the photo shows no food or drink; "items" is then [].
- "name" is a short common English name of the dish as served, e.g. "Dal tadka", "Boiled rice", "Fried egg"; add the
  local name in brackets when the dish has one, e.g. "Spinach curry (palak)".
- "state" is what the food is as eaten: "raw" (uncooked, as bought: fruit, salad, raw vegetables, sprouts), "cooked"
  (cooked or prepared from ingredients: boiled rice, dal, curries, boiled egg, grilled chicken, roti, chai or coffee
  made with milk) or "ready" (eaten as sold, where cooking does not apply: milk, curd, oils, ghee, butter, sugar,
  bread, biscuits, chocolate, bottled or packed drinks).
- "portion" is the portion in household units as people count it, e.g. "1 katori", "2 rotis", "1 cup", "3 slices",
  "1 medium piece".
- "grams" is the edible weight of that portion as served (cooked weight for cooked food); "kcal" its energy;
  "protein", "fat" and "carbs" in grams for that portion.
- "confidence" is between 0 and 1.
- At most 20 items. No prose, no markdown.`;

// Upper bounds keep a hallucinated "50 kg of rice" out of someone's diary.
const amount = (max: number) => z.number().min(0).max(max);

const itemSchema = z.object({
  name: z.string().trim().min(1).max(100),
  state: z.enum(FOOD_STATES),
  portion: z.string().trim().min(1).max(60),
  grams: amount(5_000),
  kcal: amount(20_000),
  protein: amount(2_000),
  fat: amount(2_000),
  carbs: amount(2_000),
  confidence: amount(1),
});

const answerSchema = z.object({ isFood: z.boolean(), items: z.array(itemSchema).max(20) });

/** The answer's schema as structured output (`response_format: json_schema`), for endpoints that support it. */
export const ANSWER_FORMAT = zodResponseFormat(answerSchema, "food_in_photo");

/**
 * Validates the model's message content; throws `invalid_output` or `not_food`. The household
 * portion is part of the answer because the model weighs a portion it has counted first; the
 * items keep the name, the state (what the name is matched by), grams, the estimate and the
 * confidence.
 */
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
  return answer.data.items.map(({ name, state, grams, kcal, protein, fat, carbs, confidence }) => ({
    name,
    state,
    grams,
    kcal,
    protein,
    fat,
    carbs,
    confidence,
  }));
}

// Some local models wrap JSON in a markdown fence even in JSON mode.
function stripCodeFence(content: string): string {
  return content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, "$1");
}
