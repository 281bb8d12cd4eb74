import "server-only";
import type { Db } from "@/db/client";
import { type OperationKind, operationEvents } from "@/db/schema";

/** Records an operations event in the caller's transaction, so it exists exactly when its change does. */
export async function recordOperation(
  tx: Db,
  kind: OperationKind,
  refs: { userId?: string; mealId?: string; photoId?: string },
  detail: Record<string, unknown> = {},
): Promise<void> {
  await tx.insert(operationEvents).values({ kind, ...refs, detail });
}
