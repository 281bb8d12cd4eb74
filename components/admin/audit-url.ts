import type { CancelEventFilters, StatsWindow } from "@/lib/admin/inputs";

export const AUDIT_PATH = "/admin/cancel-audit";

/** The filters as query parameters, in a fixed order (the page URL, the API and the query keys share it). */
export function filterParams(filters: CancelEventFilters): URLSearchParams {
  const params = new URLSearchParams();
  const { from, to, user, reason, noopOnly, mealMissingOnly } = filters;
  for (const [name, value] of Object.entries({ from, to, user, reason })) if (value) params.set(name, value);
  if (noopOnly) params.set("noopOnly", "1");
  if (mealMissingOnly) params.set("mealMissingOnly", "1");
  return params;
}

/** The page's own URL for a window and filters; the default window is left out. */
export function auditHref(window: StatsWindow, filters: CancelEventFilters): string {
  const params = filterParams(filters);
  if (window !== "24h") params.set("window", window);
  const query = params.toString();
  return query ? `${AUDIT_PATH}?${query}` : AUDIT_PATH;
}

export const statsKey = (window: StatsWindow) => ["admin", "cancel-stats", window] as const;
export const integrityKey = ["admin", "integrity"] as const;
export const eventsKey = (filters: CancelEventFilters) =>
  ["admin", "cancel-events", filterParams(filters).toString()] as const;
