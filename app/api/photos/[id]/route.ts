import { z } from "zod";
import { parseWith, searchParams } from "@/lib/http/request";
import { handler } from "@/lib/http/route";
import { PHOTO_BYTES_CSP } from "@/lib/http/security-headers";
import { readPhoto } from "@/lib/photos/read-photo";

/** `?size=small`: the small copy, for cards and thumbnails (the page picks it through srcset). */
const photoQuery = z.object({ size: z.enum(["full", "small"]).default("full") });

export const GET = handler("user", ["id"], async ({ request, params, user }) => {
  const { size } = parseWith(photoQuery, searchParams(request));
  const photo = await readPhoto(user.id, params.id, size);
  const headers = {
    "content-type": photo.mime,
    etag: photo.etag,
    // Revalidated on every use (a cheap 304): after sign-out on a shared device the browser's copy
    // is never shown, since revalidating it needs the owner's session.
    "cache-control": "private, no-cache",
    "x-content-type-options": "nosniff",
    "content-security-policy": PHOTO_BYTES_CSP,
  };
  if (request.headers.get("if-none-match") === photo.etag)
    return new Response(null, { status: 304, headers });
  return new Response(photo.bytes as BodyInit, { status: 200, headers });
});
