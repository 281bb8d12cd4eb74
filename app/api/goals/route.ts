import { getGoals, setGoals } from "@/lib/goals/goals";
import { parseJson } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";
import { goalsInput } from "@/lib/meals/inputs";

export const GET = handler("user", async ({ user }) => json({ goals: await getGoals(user.id) }));

export const PUT = handler("user", async ({ request, user }) => {
  const goals = await parseJson(request, goalsInput);
  return json({ goals: await setGoals(user.id, goals) });
});
