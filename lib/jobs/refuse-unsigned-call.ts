import "server-only";
import { config } from "@/lib/config";
import { AppError } from "@/lib/http/errors";
import type { Logger } from "@/lib/logger";

/**
 * `X-Inngest-Signature` as Inngest (and the embedded executor) signs every call to `serve()`:
 * `t=<unix seconds>&s=<hex HMAC-SHA256 of the body and t>`.
 */
const SIGNATURE_FORMAT = /^t=\d+&s=[0-9a-f]{64}$/;

/**
 * Refuses (401) a call to the job endpoint that carries no well-formed signature, from its headers
 * alone, so its body (up to 32 MB) is never read: the SDK checks the signature itself only once
 * it has read the whole body. Only an Inngest dev server (INNGEST_DEV) calls unsigned.
 */
export function refuseUnsignedCall(headers: Headers, log: Logger): void {
  if (config().INNGEST_DEV) return;
  if (SIGNATURE_FORMAT.test(headers.get("x-inngest-signature") ?? "")) return;
  log.warn(
    { signature: headers.has("x-inngest-signature") ? "malformed" : "missing" },
    "Refused an unsigned call to the job endpoint",
  );
  throw new AppError("unauthorized", "Calls to the job endpoint must be signed by Inngest");
}
