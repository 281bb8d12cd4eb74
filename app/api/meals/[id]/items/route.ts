import { parseJson } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";
import { newItemInput } from "@/lib/meals/inputs";
import { addManualItem } from "@/lib/meals/items";
import { presentItem } from "@/lib/meals/present";

export const POST = handler("user", ["id"], async ({ request, params, user }) => {
  const input = await parseJson(request, newItemInput);
  const item = await addManualItem(user.id, params.id, input);
  return json({ item: presentItem(item) }, 201);
});
