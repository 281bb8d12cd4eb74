import { portionInput } from "@/lib/foods/inputs";
import { setUserPortion } from "@/lib/foods/set-user-portion";
import { parseJson } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";

export const PUT = handler("user", ["id"], async ({ request, params, user }) => {
  const portion = await parseJson(request, portionInput);
  return json({ food: await setUserPortion(user.id, params.id, portion) });
});
