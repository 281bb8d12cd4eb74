import { cancelRecognition } from "@/lib/cancel/cancel-recognition";
import { cancelInput } from "@/lib/cancel/inputs";
import { parseJson } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";

export const POST = handler("user", async ({ request, user, log }) => {
  const input = await parseJson(request, cancelInput);
  return json(await cancelRecognition(user.id, input, log));
});
