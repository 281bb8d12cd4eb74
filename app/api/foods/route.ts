import { createUserFood } from "@/lib/foods/create-user-food";
import { findFoods } from "@/lib/foods/find-foods";
import { createFoodInput, foodSearchQuery } from "@/lib/foods/inputs";
import { parseJson, parseWith, searchParams } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";

export const GET = handler("user", async ({ request, user }) => {
  const query = parseWith(foodSearchQuery, searchParams(request));
  return json(await findFoods(user.id, query));
});

export const POST = handler("user", async ({ request, user }) => {
  const input = await parseJson(request, createFoodInput);
  return json({ food: await createUserFood(user.id, input) }, 201);
});
