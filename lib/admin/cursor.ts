import "server-only";
import { z } from "zod";

/** Where a keyset page ends: the last row's created_at (full microsecond precision) and id. */
export interface CancelEventCursor {
  createdAt: string;
  id: string;
}

const cursorShape = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

/** Opaque to clients: base64url of a small JSON tuple, so the order key can change without API churn. */
export function encodeCursor(cursor: CancelEventCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString("base64url");
}

export function decodeCursor(value: string): CancelEventCursor | null {
  try {
    const parsed = cursorShape.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? { createdAt: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}
