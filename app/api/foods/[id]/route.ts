import { deleteUserFood } from "@/lib/foods/delete-user-food";
import { getFood } from "@/lib/foods/get-food";
import { foodPatchInput } from "@/lib/foods/inputs";
import { updateUserFood } from "@/lib/foods/update-user-food";
import { parseJson } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";

export const GET = handler("user", ["id"], async ({ params, user }) => {
  return json({ food: await getFood(user.id, params.id) });
});

export const PATCH = handler("user", ["id"], async ({ request, params, user }) => {
  const patch = await parseJson(request, foodPatchInput);
  return json({ food: await updateUserFood(user.id, params.id, patch) });
});

export const DELETE = handler("user", ["id"], async ({ params, user }) => {
  await deleteUserFood(user.id, params.id);
  return new Response(null, { status: 204 });
});
