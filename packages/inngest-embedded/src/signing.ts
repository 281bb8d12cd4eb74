import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * The keys an embedded executor and the apps it calls share, in Inngest's formats: the SDK
 * verifies `X-Inngest-Signature` with the signing key and puts the event key in `/e/<key>`.
 */
export interface ExecutorKeys {
  /** `signkey-<env>-<hex>`; the SDK strips the prefix before hashing, and reads the rest as hex. */
  signingKey: string;
  eventKey: string;
}

const SIGNING_KEY_PREFIX = /^signkey-\w+-/;
export const SIGNING_KEY_FORMAT = /^signkey-\w+-(?:[0-9a-f]{2})+$/;

export function generateSigningKey(): string {
  return `signkey-embedded-${randomBytes(32).toString("hex")}`;
}

export function generateEventKey(): string {
  return randomBytes(32).toString("hex");
}

/** `t=<unix s>&s=<hex HMAC-SHA256 of canonical body + t>`, as Inngest signs calls to `serve()`. */
export function signBody(canonicalBody: string, signingKey: string, nowMs = Date.now()): string {
  const t = String(Math.floor(nowMs / 1000));
  const key = signingKey.replace(SIGNING_KEY_PREFIX, "");
  const s = createHmac("sha256", key).update(canonicalBody).update(t).digest("hex");
  return `t=${t}&s=${s}`;
}

/** RFC 8785 JSON: the text the SDK re-derives from the parsed body to check the signature. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("body cannot be serialized");
  return text;
}

/** The bearer the SDK sends on sync: the key's prefix, then sha256 of its hex part. */
export function hashedSigningKey(signingKey: string): string {
  const prefix = signingKey.match(SIGNING_KEY_PREFIX)?.[0] ?? "";
  const digest = createHash("sha256")
    .update(Buffer.from(signingKey.replace(SIGNING_KEY_PREFIX, ""), "hex"))
    .digest("hex");
  return `${prefix}${digest}`;
}

export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
