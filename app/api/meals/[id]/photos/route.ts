import { z } from "zod";
import { config } from "@/lib/config";
import { AppError } from "@/lib/http/errors";
import { parseWith, readBodyWithLimit } from "@/lib/http/request";
import { handler, json } from "@/lib/http/route";
import { presentPhoto } from "@/lib/meals/present";
import { addPhoto } from "@/lib/photos/add-photo";
import { consumeLimit } from "@/lib/rate-limit/consume-limit";

const uploadFields = z.object({ clientUploadId: z.uuid() });

// Room for the multipart envelope around the file itself.
const MULTIPART_OVERHEAD = 64 * 1024;

async function readUpload(request: Request, maxBytes: number) {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    throw new AppError("unsupported_media_type", "Send the photo as multipart/form-data");
  }
  const body = await readBodyWithLimit(request, maxBytes + MULTIPART_OVERHEAD);
  const form = await new Response(body, { headers: { "content-type": contentType } }).formData().catch(() => {
    throw new AppError("bad_request", "The multipart body could not be read");
  });
  const file = form.get("file");
  if (!(file instanceof Blob)) {
    throw new AppError("validation_failed", "The request has invalid fields", {
      fields: [{ path: "file", message: "attach the photo as `file`" }],
    });
  }
  if (file.size > maxBytes)
    throw new AppError("payload_too_large", `A photo may be at most ${maxBytes} bytes`);
  const { clientUploadId } = parseWith(uploadFields, { clientUploadId: form.get("clientUploadId") });
  return { clientUploadId, file: new Uint8Array(await file.arrayBuffer()) };
}

export const POST = handler("user", ["id"], async ({ request, params, user }) => {
  const { MAX_UPLOAD_BYTES, MAX_IMAGE_PIXELS, RATE_LIMIT_UPLOADS_PER_MINUTE } = config();
  await consumeLimit(`upload:${user.id}`, RATE_LIMIT_UPLOADS_PER_MINUTE);
  const upload = await readUpload(request, MAX_UPLOAD_BYTES);
  const { photo, created } = await addPhoto(
    user.id,
    { mealId: params.id, ...upload },
    { maxPixels: MAX_IMAGE_PIXELS },
  );
  return json({ photo: presentPhoto(photo) }, created ? 201 : 200);
});
