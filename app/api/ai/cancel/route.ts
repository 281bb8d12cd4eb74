import { cancelRecognition } from "@/lib/cancel/cancel-recognition";
import { cancelInput } from "@/lib/cancel/inputs";
import { config } from "@/lib/config";
import { parseJson } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";
import { observeCancel } from "@/lib/metrics/observe";
import { countIfFailed } from "@/lib/rate-limit/consume-limit";

export const POST = handler("user", async ({ request, user, log }) => {
  // Counted in the cancel's first statement; a request refused before it is counted on its own.
  const limit = { key: `cancel:${user.id}`, max: config().RATE_LIMIT_CANCELS_PER_MINUTE };
  const input = await countIfFailed(limit, () => parseJson(request, cancelInput));
  const answer = await cancelRecognition(user.id, input, log, limit);
  observeCancel(answer.status, input.reason, answer.duplicate);
  return json(answer);
});
