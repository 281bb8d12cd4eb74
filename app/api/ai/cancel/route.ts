import { cancelRecognition } from "@/lib/cancel/cancel-recognition";
import { cancelInput } from "@/lib/cancel/inputs";
import { config } from "@/lib/config";
import { parseJson } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";
import { observeCancel } from "@/lib/metrics/observe";
import { consumeLimit } from "@/lib/rate-limit/consume-limit";

export const POST = handler("user", async ({ request, user, log }) => {
  await consumeLimit(`cancel:${user.id}`, config().RATE_LIMIT_CANCELS_PER_MINUTE);
  const input = await parseJson(request, cancelInput);
  const answer = await cancelRecognition(user.id, input, log);
  observeCancel(answer.status, input.reason, answer.duplicate);
  return json(answer);
});
