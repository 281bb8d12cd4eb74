"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { CancelStats } from "@/lib/admin/cancel-stats";
import type { CancelEventFilters, StatsWindow } from "@/lib/admin/inputs";
import type { IntegrityReport } from "@/lib/admin/integrity-report";
import type { CancelEventsPage } from "@/lib/admin/list-cancel-events";
import { api } from "../api";
import { eventsKey, filterParams, integrityKey, statsKey } from "./audit-url";

// The cards and alarms are a monitor: keep them current while the page is open.
const MONITOR_REFRESH_MS = 60_000;

export function useCancelStats(window: StatsWindow) {
  return useQuery({
    queryKey: statsKey(window),
    queryFn: ({ signal }) => api<CancelStats>(`/api/admin/cancel-stats?window=${window}`, { signal }),
    refetchInterval: MONITOR_REFRESH_MS,
  });
}

export function useIntegrity() {
  return useQuery({
    queryKey: integrityKey,
    queryFn: ({ signal }) => api<IntegrityReport>("/api/admin/integrity", { signal }),
    refetchInterval: MONITOR_REFRESH_MS,
  });
}

/** The filtered events, page after page ("Load more" follows the keyset cursor). */
export function useCancelEvents(filters: CancelEventFilters) {
  return useInfiniteQuery({
    queryKey: eventsKey(filters),
    queryFn: ({ pageParam, signal }) => {
      const params = filterParams(filters);
      if (pageParam) params.set("cursor", pageParam);
      return api<CancelEventsPage>(`/api/admin/cancel-events?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}
