import { handler } from "@/lib/http/route";
import { readPhoto } from "@/lib/photos/read-photo";

export const GET = handler("user", ["id"], async ({ request, params, user }) => {
  const photo = await readPhoto(user.id, params.id);
  const headers = {
    "content-type": photo.mime,
    etag: photo.etag,
    // Bytes under one id never change; private: only the owner may see them.
    "cache-control": "private, max-age=31536000, immutable",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
  };
  if (request.headers.get("if-none-match") === photo.etag)
    return new Response(null, { status: 304, headers });
  return new Response(photo.bytes as BodyInit, { status: 200, headers });
});
