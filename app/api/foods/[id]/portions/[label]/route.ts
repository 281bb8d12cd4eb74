import { deleteUserPortion } from "@/lib/foods/delete-user-portion";
import { portionLabelParam } from "@/lib/foods/inputs";
import { lastPathSegment, parseWith } from "@/lib/http/request";
import { handler } from "@/lib/http/route";

export const DELETE = handler("user", ["id"], async ({ request, params, user }) => {
  const label = parseWith(portionLabelParam, lastPathSegment(request));
  await deleteUserPortion(user.id, params.id, label);
  return new Response(null, { status: 204 });
});
