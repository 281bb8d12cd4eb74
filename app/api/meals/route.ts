import { parseJson, parseWith, searchParams } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";
import { createMeal } from "@/lib/meals/create-meal";
import { getDiary } from "@/lib/meals/get-diary";
import { createMealInput, diaryQuery } from "@/lib/meals/inputs";
import { presentMeal } from "@/lib/meals/present";

export const POST = handler("user", async ({ request, user }) => {
  const input = await parseJson(request, createMealInput);
  const { meal, created } = await createMeal(user.id, input);
  return json({ meal: presentMeal(meal) }, created ? 201 : 200);
});

export const GET = handler("user", async ({ request, user }) => {
  const { date } = parseWith(diaryQuery, searchParams(request));
  return json(await getDiary(user.id, date));
});
