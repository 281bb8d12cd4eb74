import type { AuditReason } from "@/lib/admin/inputs";

export const REASON_LABELS: Record<AuditReason, string> = {
  user_cancel: "User cancel",
  cleanup: "Clean-up",
  navigation: "Navigation",
  timeout: "Timeout",
  meal_deleted: "Meal deleted",
};
