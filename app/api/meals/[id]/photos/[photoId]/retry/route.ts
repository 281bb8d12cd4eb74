import { handler, json } from "@/lib/http/route";
import { presentPhoto } from "@/lib/meals/present";
import { retryPhoto } from "@/lib/photos/retry-photo";

export const POST = handler("user", ["id", "photoId"], async ({ params, user }) => {
  const photo = await retryPhoto(user.id, params.id, params.photoId);
  return json({ photo: presentPhoto(photo) }, 202);
});
