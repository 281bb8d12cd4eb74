import { handler, json } from "@/lib/http/route";
import { deleteMeal } from "@/lib/meals/delete-meal";
import { getMeal } from "@/lib/meals/get-meal";

export const GET = handler("user", ["id"], async ({ params, user }) =>
  json(await getMeal(user.id, params.id)),
);

export const DELETE = handler("user", ["id"], async ({ params, user, log }) => {
  await deleteMeal(user.id, params.id, log);
  return new Response(null, { status: 204 });
});
