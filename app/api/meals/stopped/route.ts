import { parseWith, searchParams } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";
import { diaryQuery } from "@/lib/meals/inputs";
import { listStoppedMeals } from "@/lib/meals/list-stopped-meals";

/** The meals of a date the user stopped recently: kept out of the diary, offered for Retry. */
export const GET = handler("user", async ({ request, user }) => {
  const { date } = parseWith(diaryQuery, searchParams(request));
  return json(await listStoppedMeals(user.id, date));
});
