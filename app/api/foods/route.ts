import { findFoods } from "@/lib/foods/find-foods";
import { foodSearchQuery } from "@/lib/foods/inputs";
import { parseWith, searchParams } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";

export const GET = handler("user", async ({ request, user }) => {
  const query = parseWith(foodSearchQuery, searchParams(request));
  return json(await findFoods(user.id, query));
});
