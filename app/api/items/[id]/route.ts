import { parseJson } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";
import { itemPatchInput } from "@/lib/meals/inputs";
import { deleteItem, updateItem } from "@/lib/meals/items";
import { presentItem } from "@/lib/meals/present";

export const PATCH = handler("user", ["id"], async ({ request, params, user }) => {
  const patch = await parseJson(request, itemPatchInput);
  return json({ item: presentItem(await updateItem(user.id, params.id, patch)) });
});

export const DELETE = handler("user", ["id"], async ({ params, user }) => {
  await deleteItem(user.id, params.id);
  return new Response(null, { status: 204 });
});
